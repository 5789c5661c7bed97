// Creates the data the examples need, through the public API: a verified member with published posts, a
// member nobody has vetted yet; then writes them to $EXAMPLES_STATE for the examples.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ConfirmEmailMutation,
  RegisterMutation,
  VerifyMutation,
  publishPost,
  request,
  signIn,
} from './operations';
import type { ExampleState } from '../shared/env';

const POSTS = 7;

function loadAdmin(): { email: string; password: string } {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD must be set (run.sh sets them)');
  return { email, password };
}

/**
 * The token of the confirmation link sent to `email`: without SMTP_URL the server writes each message as an
 * .eml file in MAIL_DIR (run.sh points it at a temporary directory), as a newcomer would read it.
 */
async function confirmationToken(email: string): Promise<string> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error('MAIL_DIR must be set (run.sh sets it)');
  for (let i = 0; i < 100; i++) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
    } catch {
      // not written yet
    }
    for (const name of names) {
      // quoted-printable: undo soft line breaks and the escaped "="
      const text = readFileSync(path.join(dir, name), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '=');
      const token = /confirm-email\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];
      if (token && text.includes(email)) return decodeURIComponent(token);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation message for ${email} in ${dir}`);
}

async function main(): Promise<void> {
  const admin = loadAdmin();
  const adminSession = await signIn(admin.email, admin.password);

  const member = { email: 'amina.member@example.org', password: 'correct horse battery staple' };
  const pending = { email: 'pat.pending@example.org', password: 'correct horse battery staple' };
  for (const [who, displayName, countryCode] of [
    [member, 'Amina Prosecutor', 'NE'],
    [pending, 'Pat Newcomer', 'MA'],
  ] as const) {
    await request(RegisterMutation, {
      input: { ...who, displayName, countryCode, profession: 'PROSECUTOR' },
    });
  }

  // Moderators vet only accounts whose address is confirmed: the member follows the link of their message.
  await request(ConfirmEmailMutation, { input: { token: await confirmationToken(member.email) } });
  const memberSession = await signIn(member.email, member.password);
  await request(VerifyMutation, { id: memberSession.practitioner.id }, adminSession.accessToken);

  const postIds: string[] = [];
  for (let i = 1; i <= POSTS; i++) {
    postIds.push(
      await publishPost(memberSession.accessToken, adminSession.accessToken, `Good practice ${i}`),
    );
  }

  const state: ExampleState = { member: { ...member, postIds }, pending, admin };
  writeFileSync(process.env.EXAMPLES_STATE!, JSON.stringify(state, null, 2));
  console.log(
    `setup: verified member ${member.email} with ${POSTS} published posts, pending ${pending.email}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
