import type { Localized } from '../../common/i18n/language';

export interface ThematicAreaSeed {
  code: string;
  names: Localized;
  descriptions: Localized;
}

/** The thematic areas of the community (see shared/DOMAIN.md), in the six UN languages. */
export const THEMATIC_AREAS: ThematicAreaSeed[] = [
  {
    code: 'FINANCING_OF_TERRORISM',
    names: {
      en: 'Financing of terrorism',
      fr: 'Financement du terrorisme',
      es: 'Financiación del terrorismo',
      ru: 'Финансирование терроризма',
      ar: 'تمويل الإرهاب',
      zh: '资助恐怖主义',
    },
    descriptions: {
      en: 'Investigating, prosecuting and preventing the financing of terrorism.',
      fr: 'Enquêtes, poursuites et prévention concernant le financement du terrorisme.',
      es: 'Investigación, enjuiciamiento y prevención de la financiación del terrorismo.',
      ru: 'Расследование, уголовное преследование и предупреждение финансирования терроризма.',
      ar: 'التحقيق في تمويل الإرهاب وملاحقته قضائياً ومنعه.',
      zh: '调查、起诉和防止资助恐怖主义。',
    },
  },
  {
    code: 'INTERNATIONAL_COOPERATION',
    names: {
      en: 'International cooperation in criminal matters',
      fr: 'Coopération internationale en matière pénale',
      es: 'Cooperación internacional en asuntos penales',
      ru: 'Международное сотрудничество по уголовным делам',
      ar: 'التعاون الدولي في المسائل الجنائية',
      zh: '刑事事项国际合作',
    },
    descriptions: {
      en: 'Extradition, mutual legal assistance and the transfer of sentenced persons.',
      fr: 'Extradition, entraide judiciaire et transfèrement des personnes condamnées.',
      es: 'Extradición, asistencia judicial recíproca y traslado de personas condenadas.',
      ru: 'Выдача, взаимная правовая помощь и передача осужденных лиц.',
      ar: 'تسليم المطلوبين والمساعدة القانونية المتبادلة ونقل الأشخاص المحكوم عليهم.',
      zh: '引渡、司法协助和被判刑人移管。',
    },
  },
  {
    code: 'CBRN_TERRORISM',
    names: {
      en: 'Chemical, biological, radiological and nuclear terrorism',
      fr: 'Terrorisme chimique, biologique, radiologique et nucléaire',
      es: 'Terrorismo químico, biológico, radiológico y nuclear',
      ru: 'Химический, биологический, радиологический и ядерный терроризм',
      ar: 'الإرهاب الكيميائي والبيولوجي والإشعاعي والنووي',
      zh: '化学、生物、放射性和核恐怖主义',
    },
    descriptions: {
      en: 'The legal framework against terrorist use of CBRN material and its application.',
      fr: 'Le cadre juridique contre l’utilisation terroriste de matières CBRN et son application.',
      es: 'El marco jurídico contra el uso terrorista de materiales QBRN y su aplicación.',
      ru: 'Правовая база противодействия использованию террористами ХБРЯ материалов и ее применение.',
      ar: 'الإطار القانوني لمكافحة استخدام الإرهابيين للمواد الكيميائية والبيولوجية والإشعاعية والنووية وتطبيقه.',
      zh: '打击恐怖分子使用化学、生物、放射性和核材料的法律框架及其适用。',
    },
  },
  {
    code: 'VICTIMS_OF_TERRORISM',
    names: {
      en: 'Victims of terrorism',
      fr: 'Victimes du terrorisme',
      es: 'Víctimas del terrorismo',
      ru: 'Жертвы терроризма',
      ar: 'ضحايا الإرهاب',
      zh: '恐怖主义受害者',
    },
    descriptions: {
      en: 'Supporting and protecting victims of terrorism in criminal proceedings.',
      fr: 'Soutien et protection des victimes du terrorisme dans la procédure pénale.',
      es: 'Apoyo y protección de las víctimas del terrorismo en el proceso penal.',
      ru: 'Поддержка и защита жертв терроризма в уголовном процессе.',
      ar: 'دعم ضحايا الإرهاب وحمايتهم في الإجراءات الجنائية.',
      zh: '在刑事诉讼中支持和保护恐怖主义受害者。',
    },
  },
  {
    code: 'INTERNET_USE_FOR_TERRORIST_PURPOSES',
    names: {
      en: 'Use of the internet for terrorist purposes',
      fr: 'Utilisation d’Internet à des fins terroristes',
      es: 'Uso de Internet con fines terroristas',
      ru: 'Использование Интернета в террористических целях',
      ar: 'استخدام الإنترنت في أغراض إرهابية',
      zh: '利用互联网从事恐怖主义活动',
    },
    descriptions: {
      en: 'Electronic evidence, online propaganda and recruitment, and cooperation with service providers.',
      fr: 'Preuve électronique, propagande et recrutement en ligne, coopération avec les fournisseurs de services.',
      es: 'Pruebas electrónicas, propaganda y reclutamiento en línea, y cooperación con proveedores de servicios.',
      ru: 'Электронные доказательства, пропаганда и вербовка в сети, сотрудничество с поставщиками услуг.',
      ar: 'الأدلة الإلكترونية والدعاية والتجنيد عبر الإنترنت والتعاون مع مقدمي الخدمات.',
      zh: '电子证据、网络宣传和招募以及与服务提供商的合作。',
    },
  },
  {
    code: 'UNIVERSAL_LEGAL_FRAMEWORK',
    names: {
      en: 'The universal legal framework against terrorism',
      fr: 'Le cadre juridique universel contre le terrorisme',
      es: 'El marco jurídico universal contra el terrorismo',
      ru: 'Универсальная правовая база противодействия терроризму',
      ar: 'الإطار القانوني العالمي لمكافحة الإرهاب',
      zh: '打击恐怖主义的国际法律框架',
    },
    descriptions: {
      en: 'The universal instruments against terrorism, their ratification and incorporation into national law.',
      fr: 'Les instruments universels contre le terrorisme, leur ratification et leur incorporation en droit interne.',
      es: 'Los instrumentos universales contra el terrorismo, su ratificación e incorporación al derecho interno.',
      ru: 'Универсальные документы по борьбе с терроризмом, их ратификация и включение в национальное право.',
      ar: 'الصكوك العالمية لمكافحة الإرهاب والتصديق عليها وإدماجها في القانون الوطني.',
      zh: '打击恐怖主义的国际文书及其批准和纳入国内法。',
    },
  },
  {
    code: 'FOREIGN_TERRORIST_FIGHTERS',
    names: {
      en: 'Foreign terrorist fighters',
      fr: 'Combattants terroristes étrangers',
      es: 'Combatientes terroristas extranjeros',
      ru: 'Иностранные боевики-террористы',
      ar: 'المقاتلون الإرهابيون الأجانب',
      zh: '外国恐怖主义战斗人员',
    },
    descriptions: {
      en: 'Prosecution, rehabilitation and reintegration of foreign terrorist fighters and their families.',
      fr: 'Poursuite, réadaptation et réintégration des combattants terroristes étrangers et de leurs familles.',
      es: 'Enjuiciamiento, rehabilitación y reintegración de combatientes terroristas extranjeros y sus familias.',
      ru: 'Уголовное преследование, реабилитация и реинтеграция иностранных боевиков-террористов и их семей.',
      ar: 'ملاحقة المقاتلين الإرهابيين الأجانب قضائياً وإعادة تأهيلهم وإدماجهم هم وأسرهم.',
      zh: '起诉、改造和重新融入外国恐怖主义战斗人员及其家属。',
    },
  },
  {
    code: 'BORDER_SECURITY',
    names: {
      en: 'Border security',
      fr: 'Sécurité des frontières',
      es: 'Seguridad de las fronteras',
      ru: 'Безопасность границ',
      ar: 'أمن الحدود',
      zh: '边境安全',
    },
    descriptions: {
      en: 'Border controls, travel information and their use in criminal justice.',
      fr: 'Contrôles aux frontières, informations sur les voyageurs et leur utilisation en justice pénale.',
      es: 'Controles fronterizos, información sobre viajeros y su uso en la justicia penal.',
      ru: 'Пограничный контроль, информация о пассажирах и ее использование в уголовном правосудии.',
      ar: 'ضوابط الحدود ومعلومات السفر واستخدامها في العدالة الجنائية.',
      zh: '边境管制、旅客信息及其在刑事司法中的使用。',
    },
  },
  {
    code: 'HUMAN_RIGHTS_IN_CT_CRIMINAL_JUSTICE',
    names: {
      en: 'Human rights in counter-terrorism criminal justice',
      fr: 'Droits de l’homme dans la justice pénale antiterroriste',
      es: 'Derechos humanos en la justicia penal contra el terrorismo',
      ru: 'Права человека в уголовном правосудии по делам о терроризме',
      ar: 'حقوق الإنسان في العدالة الجنائية لمكافحة الإرهاب',
      zh: '反恐刑事司法中的人权',
    },
    descriptions: {
      en: 'Fair trial, the rule of law and human rights in terrorism cases.',
      fr: 'Procès équitable, état de droit et droits de l’homme dans les affaires de terrorisme.',
      es: 'Juicio imparcial, Estado de derecho y derechos humanos en casos de terrorismo.',
      ru: 'Справедливое судебное разбирательство, верховенство права и права человека по делам о терроризме.',
      ar: 'المحاكمة العادلة وسيادة القانون وحقوق الإنسان في قضايا الإرهاب.',
      zh: '恐怖主义案件中的公正审判、法治和人权。',
    },
  },
  {
    code: 'PRISON_MANAGEMENT_AND_RADICALIZATION',
    names: {
      en: 'Prison management and radicalization',
      fr: 'Gestion pénitentiaire et radicalisation',
      es: 'Gestión penitenciaria y radicalización',
      ru: 'Управление пенитенциарными учреждениями и радикализация',
      ar: 'إدارة السجون والتطرف',
      zh: '监狱管理与激进化',
    },
    descriptions: {
      en: 'Managing violent extremist prisoners and preventing radicalization in prisons.',
      fr: 'Gestion des détenus extrémistes violents et prévention de la radicalisation en prison.',
      es: 'Gestión de reclusos extremistas violentos y prevención de la radicalización en las prisiones.',
      ru: 'Содержание заключенных насильственных экстремистов и предупреждение радикализации в тюрьмах.',
      ar: 'إدارة السجناء المتطرفين العنيفين ومنع التطرف في السجون.',
      zh: '管理暴力极端主义囚犯和防止监狱中的激进化。',
    },
  },
];
