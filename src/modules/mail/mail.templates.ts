import { Language, LANGUAGES } from '../../common/i18n/language';

/** The messages the platform sends (the `template` of a `mail.requested` event). */
export const MAIL_TEMPLATES = [
  'confirm-email',
  'reset-password',
  'password-changed',
  'two-factor-disabled',
  'recovery-code-used',
  'live-event-reminder',
  'saved-search-digest',
  'course-invitation',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** What a link in a message looks like: `<MAIL_LINK_BASE><path>?token=<token>` (README, docs/api.md). */
export const LINK_PATHS: Partial<Record<MailTemplate, string>> = {
  'confirm-email': '/confirm-email',
  'reset-password': '/reset-password',
};

/** Links whose token is the last segment of the path: `<MAIL_LINK_BASE><path><token>` (docs/api.md). */
export const TOKEN_PATHS: Partial<Record<MailTemplate, string>> = {
  'course-invitation': '/course-invitations/',
};

/** What a template writes besides the name (the `params` of a `mail.requested` event). */
export type MailParams = Record<string, string>;

interface Text {
  subject: string | ((p: MailParams) => string);
  greeting: (name: string) => string;
  body: string | ((p: MailParams) => string);
  action?: string;
  after: string;
}

/**
 * A live event's start for a reader: in the event's time zone (`timeZone`, the organiser's; practitioners
 * store none), in the reader's language, followed by the zone's IANA name.
 */
export function formatStart(p: MailParams, language: Language): string {
  const at = new Date(p.startsAt);
  const zone = p.timeZone || 'UTC';
  const text = new Intl.DateTimeFormat(language, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  }).format(at);
  return `${text} (${zone})`;
}

const hours = (p: MailParams, one: string, many: string) => (p.leadHours === '1' ? one : many);
const results = (p: MailParams, one: string, many: string) => (p.count === '1' ? one : many);

const T: Record<MailTemplate, Record<Language, Text>> = {
  'confirm-email': {
    en: {
      subject: 'Confirm your e-mail address',
      greeting: (n) => `Hello ${n},`,
      body: 'Please confirm that this address is yours by opening the link below. It works once, for 48 hours.',
      action: 'Confirm my address',
      after: 'If you did not ask for this, ignore this message.',
    },
    fr: {
      subject: 'Confirmez votre adresse électronique',
      greeting: (n) => `Bonjour ${n},`,
      body: 'Veuillez confirmer que cette adresse est la vôtre en ouvrant le lien ci-dessous. Il sert une fois, pendant 48 heures.',
      action: 'Confirmer mon adresse',
      after: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
    },
    es: {
      subject: 'Confirme su dirección de correo electrónico',
      greeting: (n) => `Hola, ${n}:`,
      body: 'Confirme que esta dirección es suya abriendo el enlace siguiente. Sirve una sola vez, durante 48 horas.',
      action: 'Confirmar mi dirección',
      after: 'Si usted no lo ha solicitado, ignore este mensaje.',
    },
    ru: {
      subject: 'Подтвердите адрес электронной почты',
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: 'Подтвердите, что этот адрес принадлежит вам, открыв ссылку ниже. Она действует один раз в течение 48 часов.',
      action: 'Подтвердить адрес',
      after: 'Если вы этого не запрашивали, не обращайте внимания на это письмо.',
    },
    ar: {
      subject: 'أكِّد عنوان بريدك الإلكتروني',
      greeting: (n) => `مرحبًا ${n}،`,
      body: 'يُرجى تأكيد أن هذا العنوان يخصك بفتح الرابط أدناه. يصلح الرابط مرة واحدة خلال 48 ساعة.',
      action: 'تأكيد عنواني',
      after: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة.',
    },
    zh: {
      subject: '请确认您的电子邮件地址',
      greeting: (n) => `${n}，您好：`,
      body: '请打开下面的链接，确认此地址属于您。该链接只能使用一次，48 小时内有效。',
      action: '确认我的地址',
      after: '如果这不是您本人的请求，请忽略此邮件。',
    },
  },
  'reset-password': {
    en: {
      subject: 'Reset your password',
      greeting: (n) => `Hello ${n},`,
      body: 'Someone asked to reset the password of your account. Open the link below to choose a new one. It works once, for 30 minutes, and signs you out everywhere.',
      action: 'Choose a new password',
      after: 'If you did not ask for this, ignore this message: your password stays as it is.',
    },
    fr: {
      subject: 'Réinitialisez votre mot de passe',
      greeting: (n) => `Bonjour ${n},`,
      body: 'Une réinitialisation du mot de passe de votre compte a été demandée. Ouvrez le lien ci-dessous pour en choisir un nouveau. Il sert une fois, pendant 30 minutes, et vous déconnecte partout.',
      action: 'Choisir un nouveau mot de passe',
      after:
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne change pas.',
    },
    es: {
      subject: 'Restablezca su contraseña',
      greeting: (n) => `Hola, ${n}:`,
      body: 'Se ha pedido restablecer la contraseña de su cuenta. Abra el enlace siguiente para elegir una nueva. Sirve una sola vez, durante 30 minutos, y cierra todas sus sesiones.',
      action: 'Elegir una nueva contraseña',
      after: 'Si usted no lo ha solicitado, ignore este mensaje: su contraseña no cambia.',
    },
    ru: {
      subject: 'Сброс пароля',
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: 'Поступил запрос на сброс пароля вашей учётной записи. Откройте ссылку ниже, чтобы выбрать новый пароль. Она действует один раз в течение 30 минут и завершает все ваши сеансы.',
      action: 'Выбрать новый пароль',
      after: 'Если вы этого не запрашивали, не обращайте внимания на это письмо: пароль не изменится.',
    },
    ar: {
      subject: 'إعادة تعيين كلمة المرور',
      greeting: (n) => `مرحبًا ${n}،`,
      body: 'طلب أحدهم إعادة تعيين كلمة مرور حسابك. افتح الرابط أدناه لاختيار كلمة مرور جديدة. يصلح الرابط مرة واحدة خلال 30 دقيقة، ويُنهي جميع جلساتك.',
      action: 'اختيار كلمة مرور جديدة',
      after: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.',
    },
    zh: {
      subject: '重置您的密码',
      greeting: (n) => `${n}，您好：`,
      body: '有人请求重置您账户的密码。请打开下面的链接设置新密码。该链接只能使用一次，30 分钟内有效，并会让您在所有设备上退出登录。',
      action: '设置新密码',
      after: '如果这不是您本人的请求，请忽略此邮件：您的密码不会改变。',
    },
  },
  'password-changed': {
    en: {
      subject: 'Your password was changed',
      greeting: (n) => `Hello ${n},`,
      body: 'The password of your account was just changed.',
      after: 'If this was not you, reset your password at once and tell a moderator.',
    },
    fr: {
      subject: 'Votre mot de passe a été modifié',
      greeting: (n) => `Bonjour ${n},`,
      body: 'Le mot de passe de votre compte vient d’être modifié.',
      after: 'Si ce n’est pas vous, réinitialisez aussitôt votre mot de passe et prévenez un modérateur.',
    },
    es: {
      subject: 'Su contraseña ha cambiado',
      greeting: (n) => `Hola, ${n}:`,
      body: 'La contraseña de su cuenta acaba de cambiar.',
      after: 'Si no ha sido usted, restablezca su contraseña de inmediato y avise a un moderador.',
    },
    ru: {
      subject: 'Ваш пароль изменён',
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: 'Пароль вашей учётной записи только что был изменён.',
      after: 'Если это были не вы, немедленно сбросьте пароль и сообщите модератору.',
    },
    ar: {
      subject: 'تم تغيير كلمة مرورك',
      greeting: (n) => `مرحبًا ${n}،`,
      body: 'تم للتو تغيير كلمة مرور حسابك.',
      after: 'إذا لم تكن أنت من فعل ذلك، فأعد تعيين كلمة مرورك فورًا وأبلغ أحد المشرفين.',
    },
    zh: {
      subject: '您的密码已更改',
      greeting: (n) => `${n}，您好：`,
      body: '您账户的密码刚刚被更改。',
      after: '如果这不是您本人操作，请立即重置密码并告知版主。',
    },
  },
  'two-factor-disabled': {
    en: {
      subject: 'Two-factor sign-in was turned off',
      greeting: (n) => `Hello ${n},`,
      body: 'Two-factor sign-in was just turned off for your account: signing in now asks for your password only.',
      after:
        'If this was not you, reset your password at once, turn two-factor sign-in on again and tell a moderator.',
    },
    fr: {
      subject: 'La connexion à deux facteurs a été désactivée',
      greeting: (n) => `Bonjour ${n},`,
      body: 'La connexion à deux facteurs vient d’être désactivée pour votre compte : la connexion ne demande plus que votre mot de passe.',
      after:
        'Si ce n’est pas vous, réinitialisez aussitôt votre mot de passe, réactivez la connexion à deux facteurs et prévenez un modérateur.',
    },
    es: {
      subject: 'Se desactivó el inicio de sesión en dos pasos',
      greeting: (n) => `Hola, ${n}:`,
      body: 'Se acaba de desactivar el inicio de sesión en dos pasos de su cuenta: ahora solo se pide la contraseña.',
      after:
        'Si no ha sido usted, restablezca su contraseña de inmediato, vuelva a activar el inicio de sesión en dos pasos y avise a un moderador.',
    },
    ru: {
      subject: 'Двухфакторный вход отключён',
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: 'Для вашей учётной записи только что был отключён двухфакторный вход: теперь при входе запрашивается только пароль.',
      after:
        'Если это были не вы, немедленно сбросьте пароль, снова включите двухфакторный вход и сообщите модератору.',
    },
    ar: {
      subject: 'تم إيقاف تسجيل الدخول بعاملين',
      greeting: (n) => `مرحبًا ${n}،`,
      body: 'تم للتو إيقاف تسجيل الدخول بعاملين لحسابك: أصبح تسجيل الدخول يطلب كلمة المرور فقط.',
      after:
        'إذا لم تكن أنت من فعل ذلك، فأعد تعيين كلمة مرورك فورًا وأعد تفعيل تسجيل الدخول بعاملين وأبلغ أحد المشرفين.',
    },
    zh: {
      subject: '双重身份验证登录已关闭',
      greeting: (n) => `${n}，您好：`,
      body: '您账户的双重身份验证登录刚刚被关闭：现在登录只需要密码。',
      after: '如果这不是您本人操作，请立即重置密码，重新开启双重身份验证并告知版主。',
    },
  },
  'recovery-code-used': {
    en: {
      subject: 'A recovery code was used',
      greeting: (n) => `Hello ${n},`,
      body: 'One of your two-factor recovery codes was just used. Each code works once; you can make new ones in your account settings.',
      after:
        'If this was not you, reset your password at once, make new recovery codes and tell a moderator.',
    },
    fr: {
      subject: 'Un code de récupération a été utilisé',
      greeting: (n) => `Bonjour ${n},`,
      body: 'L’un de vos codes de récupération de la connexion à deux facteurs vient d’être utilisé. Chaque code ne sert qu’une fois ; vous pouvez en créer de nouveaux dans les réglages de votre compte.',
      after:
        'Si ce n’est pas vous, réinitialisez aussitôt votre mot de passe, créez de nouveaux codes et prévenez un modérateur.',
    },
    es: {
      subject: 'Se usó un código de recuperación',
      greeting: (n) => `Hola, ${n}:`,
      body: 'Se acaba de usar uno de sus códigos de recuperación del inicio de sesión en dos pasos. Cada código sirve una sola vez; puede generar otros nuevos en la configuración de su cuenta.',
      after:
        'Si no ha sido usted, restablezca su contraseña de inmediato, genere nuevos códigos y avise a un moderador.',
    },
    ru: {
      subject: 'Использован код восстановления',
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: 'Только что был использован один из ваших кодов восстановления для двухфакторного входа. Каждый код действует один раз; новые коды можно создать в настройках учётной записи.',
      after: 'Если это были не вы, немедленно сбросьте пароль, создайте новые коды и сообщите модератору.',
    },
    ar: {
      subject: 'تم استخدام رمز استرداد',
      greeting: (n) => `مرحبًا ${n}،`,
      body: 'تم للتو استخدام أحد رموز الاسترداد الخاصة بتسجيل الدخول بعاملين. يصلح كل رمز مرة واحدة؛ ويمكنك إنشاء رموز جديدة من إعدادات حسابك.',
      after: 'إذا لم تكن أنت من فعل ذلك، فأعد تعيين كلمة مرورك فورًا وأنشئ رموزًا جديدة وأبلغ أحد المشرفين.',
    },
    zh: {
      subject: '有一个恢复码已被使用',
      greeting: (n) => `${n}，您好：`,
      body: '您的一个双重身份验证恢复码刚刚被使用。每个恢复码只能使用一次；您可以在账户设置中生成新的恢复码。',
      after: '如果这不是您本人操作，请立即重置密码，生成新的恢复码并告知版主。',
    },
  },
  'live-event-reminder': {
    en: {
      subject: (p) => `Reminder: ${p.title}`,
      greeting: (n) => `Hello ${n},`,
      body: (p) =>
        `The live event “${p.title}” starts in ${hours(p, '1 hour', '24 hours')}: ${formatStart(p, Language.EN)}.`,
      action: 'Open the event',
      after: 'You receive this message because you take part in this event.',
    },
    fr: {
      subject: (p) => `Rappel : ${p.title}`,
      greeting: (n) => `Bonjour ${n},`,
      body: (p) =>
        `L’événement en direct « ${p.title} » commence dans ${hours(p, '1 heure', '24 heures')} : ${formatStart(p, Language.FR)}.`,
      action: 'Ouvrir l’événement',
      after: 'Vous recevez ce message parce que vous participez à cet événement.',
    },
    es: {
      subject: (p) => `Recordatorio: ${p.title}`,
      greeting: (n) => `Hola, ${n}:`,
      body: (p) =>
        `El evento en directo «${p.title}» empieza dentro de ${hours(p, '1 hora', '24 horas')}: ${formatStart(p, Language.ES)}.`,
      action: 'Abrir el evento',
      after: 'Recibe este mensaje porque participa en este evento.',
    },
    ru: {
      subject: (p) => `Напоминание: ${p.title}`,
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: (p) =>
        `Онлайн-мероприятие «${p.title}» начнётся через ${hours(p, '1 час', '24 часа')}: ${formatStart(p, Language.RU)}.`,
      action: 'Открыть мероприятие',
      after: 'Вы получили это письмо, потому что участвуете в этом мероприятии.',
    },
    ar: {
      subject: (p) => `تذكير: ${p.title}`,
      greeting: (n) => `مرحبًا ${n}،`,
      body: (p) =>
        `تبدأ الفعالية المباشرة «${p.title}» بعد ${hours(p, 'ساعة واحدة', '24 ساعة')}: ${formatStart(p, Language.AR)}.`,
      action: 'فتح الفعالية',
      after: 'تصلك هذه الرسالة لأنك مشارك في هذه الفعالية.',
    },
    zh: {
      subject: (p) => `提醒：${p.title}`,
      greeting: (n) => `${n}，您好：`,
      body: (p) =>
        `直播活动“${p.title}”将在${hours(p, '1 小时', '24 小时')}后开始：${formatStart(p, Language.ZH)}。`,
      action: '打开活动',
      after: '您收到此邮件，是因为您参加了此活动。',
    },
  },
  'saved-search-digest': {
    en: {
      subject: (p) => `New results for “${p.name}”`,
      greeting: (n) => `Hello ${n},`,
      body: (p) => `Your saved search “${p.name}” has ${p.count} ${results(p, 'new result', 'new results')}.`,
      action: 'Open the search',
      after: 'You receive this message because you chose e-mail for this saved search; change it in Praxis.',
    },
    fr: {
      subject: (p) => `Nouveaux résultats pour « ${p.name} »`,
      greeting: (n) => `Bonjour ${n},`,
      body: (p) =>
        `Votre recherche enregistrée « ${p.name} » a ${p.count} ${results(p, 'nouveau résultat', 'nouveaux résultats')}.`,
      action: 'Ouvrir la recherche',
      after:
        'Vous recevez ce message parce que vous avez choisi le courriel pour cette recherche ; modifiez-le dans Praxis.',
    },
    es: {
      subject: (p) => `Nuevos resultados para «${p.name}»`,
      greeting: (n) => `Hola, ${n}:`,
      body: (p) =>
        `Su búsqueda guardada «${p.name}» tiene ${p.count} ${results(p, 'resultado nuevo', 'resultados nuevos')}.`,
      action: 'Abrir la búsqueda',
      after: 'Recibe este mensaje porque eligió el correo para esta búsqueda; puede cambiarlo en Praxis.',
    },
    ru: {
      subject: (p) => `Новые результаты: «${p.name}»`,
      greeting: (n) => `Здравствуйте, ${n}!`,
      body: (p) => `Новых результатов по сохранённому поиску «${p.name}»: ${p.count}.`,
      action: 'Открыть поиск',
      after:
        'Вы получили это письмо, потому что выбрали почту для этого поиска; это можно изменить в Praxis.',
    },
    ar: {
      subject: (p) => `نتائج جديدة لـ «${p.name}»`,
      greeting: (n) => `مرحبًا ${n}،`,
      body: (p) => `عدد النتائج الجديدة لبحثك المحفوظ «${p.name}»: ${p.count}.`,
      action: 'فتح البحث',
      after: 'تصلك هذه الرسالة لأنك اخترت البريد الإلكتروني لهذا البحث؛ يمكنك تغيير ذلك في Praxis.',
    },
    zh: {
      subject: (p) => `“${p.name}”有新结果`,
      greeting: (n) => `${n}，您好：`,
      body: (p) => `您保存的搜索“${p.name}”有 ${p.count} 条新结果。`,
      action: '打开搜索',
      after: '您收到此邮件，是因为您为此搜索选择了电子邮件通知；可在 Praxis 中更改。',
    },
  },
  'course-invitation': {
    en: {
      subject: (p) => `Invitation to the course “${p.title}”`,
      greeting: () => 'Hello,',
      body: (p) =>
        `${p.inviter} invites you to the course “${p.title}” on Praxis, the community of criminal-justice practitioners working on terrorism cases. Open the link below, sign in (or register with this address first) and accept. The link works once, for 14 days.`,
      action: 'Accept the invitation',
      after: 'If you do not know the sender, ignore this message.',
    },
    fr: {
      subject: (p) => `Invitation au cours « ${p.title} »`,
      greeting: () => 'Bonjour,',
      body: (p) =>
        `${p.inviter} vous invite au cours « ${p.title} » sur Praxis, la communauté des praticiens de la justice pénale qui traitent des affaires de terrorisme. Ouvrez le lien ci-dessous, connectez-vous (ou inscrivez-vous d’abord avec cette adresse) et acceptez. Le lien sert une fois, pendant 14 jours.`,
      action: 'Accepter l’invitation',
      after: 'Si vous ne connaissez pas l’expéditeur, ignorez ce message.',
    },
    es: {
      subject: (p) => `Invitación al curso «${p.title}»`,
      greeting: () => 'Hola:',
      body: (p) =>
        `${p.inviter} le invita al curso «${p.title}» en Praxis, la comunidad de profesionales de la justicia penal que trabajan en casos de terrorismo. Abra el enlace siguiente, inicie sesión (o regístrese antes con esta dirección) y acepte. El enlace sirve una sola vez, durante 14 días.`,
      action: 'Aceptar la invitación',
      after: 'Si no conoce al remitente, ignore este mensaje.',
    },
    ru: {
      subject: (p) => `Приглашение на курс «${p.title}»`,
      greeting: () => 'Здравствуйте!',
      body: (p) =>
        `${p.inviter} приглашает вас на курс «${p.title}» в Praxis — сообществе специалистов уголовного правосудия, работающих по делам о терроризме. Откройте ссылку ниже, войдите (или сначала зарегистрируйтесь с этим адресом) и примите приглашение. Ссылка действует один раз в течение 14 дней.`,
      action: 'Принять приглашение',
      after: 'Если вы не знаете отправителя, не обращайте внимания на это письмо.',
    },
    ar: {
      subject: (p) => `دعوة إلى الدورة «${p.title}»`,
      greeting: () => 'مرحبًا،',
      body: (p) =>
        `يدعوك ${p.inviter} إلى الدورة «${p.title}» على منصة Praxis، مجتمع العاملين في العدالة الجنائية في قضايا الإرهاب. افتح الرابط أدناه، وسجّل الدخول (أو أنشئ حسابًا بهذا العنوان أولًا) ثم اقبل الدعوة. يصلح الرابط مرة واحدة خلال 14 يومًا.`,
      action: 'قبول الدعوة',
      after: 'إذا كنت لا تعرف المُرسِل، فتجاهل هذه الرسالة.',
    },
    zh: {
      subject: (p) => `课程“${p.title}”的邀请`,
      greeting: () => '您好：',
      body: (p) =>
        `${p.inviter} 邀请您参加 Praxis 上的课程“${p.title}”。Praxis 是处理恐怖主义案件的刑事司法从业人员社区。请打开下面的链接，登录（或先用此地址注册）并接受邀请。该链接只能使用一次，14 天内有效。`,
      action: '接受邀请',
      after: '如果您不认识发件人，请忽略此邮件。',
    },
  },
};

/** The recipient's language: the first of their working languages the platform writes in, else English. */
export function mailLanguage(languages: readonly string[] | null | undefined): Language {
  const first = (languages ?? []).find((l) => (LANGUAGES as readonly string[]).includes(l));
  return (first as Language | undefined) ?? Language.EN;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Renders a message: subject, plain text and HTML (right to left for Arabic). */
export function renderMail(
  template: MailTemplate,
  language: Language,
  params: { name: string; link?: string | null; values?: MailParams | null },
): { subject: string; text: string; html: string; links: string[] } {
  const raw = T[template][language];
  const values = params.values ?? {};
  const t = {
    ...raw,
    subject: typeof raw.subject === 'function' ? raw.subject(values) : raw.subject,
    body: typeof raw.body === 'function' ? raw.body(values) : raw.body,
  };
  const link = params.link ?? null;
  const text = [
    t.greeting(params.name),
    '',
    t.body,
    ...(link ? ['', link] : []),
    '',
    t.after,
    '',
    '— Praxis',
  ].join('\n');
  const dir = language === Language.AR ? 'rtl' : 'ltr';
  const html =
    `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(t.subject)}</title></head><body>` +
    `<p>${escapeHtml(t.greeting(params.name))}</p><p>${escapeHtml(t.body)}</p>` +
    (link && t.action
      ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(link)}</p>`
      : '') +
    `<p>${escapeHtml(t.after)}</p><p>— Praxis</p></body></html>`;
  return { subject: t.subject, text, html, links: link ? [link] : [] };
}
