// Creates the data the examples need, through the public API: a verified member with published posts, a
// member nobody has vetted yet; then writes them to $EXAMPLES_STATE for the examples.
import { writeFileSync } from 'node:fs';
import { RegisterMutation, VerifyMutation, publishPost, request, signIn } from './operations';
import type { ExampleState } from '../shared/env';

const POSTS = 7;

function loadAdmin(): { email: string; password: string } {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD must be set (run.sh sets them)');
  return { email, password };
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
