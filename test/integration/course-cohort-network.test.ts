import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';

/** A learner who withdraws from a course leaves its cohort's network; its facilitators stay. */
let server: TestServer;
let expert: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  expert = await createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert' });
});
afterAll(() => server.stop());

const run = (user: TestUser, query: string, vars: Record<string, unknown> = {}) =>
  gql(server, query, vars, { token: user.accessToken });
const mutate = (user: TestUser, name: string, input: Record<string, unknown>, select: string) =>
  run(
    user,
    `mutation($i: ${name[0].toUpperCase() + name.slice(1)}Input!) { ${name}(input: $i) { ${select} } }`,
    {
      i: input,
    },
  );
const NET = `query($id: ID!) { course(id: $id) { enrolledCount network { id memberCount viewerMembership { role status } } } }`;

async function publishedCourse(): Promise<string> {
  const id = ok(
    await mutate(
      expert,
      'createCourse',
      { title: 'Mutual legal assistance in practice', language: 'EN', enrollmentPolicy: 'OPEN' },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  ok(await mutate(expert, 'publishCourse', { id }, 'course { id }'));
  return id;
}

it('a withdrawn learner leaves the cohort network; the others and the facilitator stay', async () => {
  const courseId = await publishedCourse();
  const [leaver, stayer] = await Promise.all([createPractitioner(server), createPractitioner(server)]);
  ok(await mutate(leaver, 'enrollInCourse', { courseId }, 'enrollment { id status }'));
  ok(await mutate(stayer, 'enrollInCourse', { courseId }, 'enrollment { id status }'));
  expect(ok(await run(leaver, NET, { id: courseId })).course).toMatchObject({
    enrolledCount: 2,
    network: { memberCount: 3, viewerMembership: { role: 'MEMBER', status: 'ACTIVE' } },
  });

  ok(await mutate(leaver, 'withdrawFromCourse', { courseId }, 'enrollment { id status }'));
  expect(ok(await run(leaver, NET, { id: courseId })).course).toMatchObject({
    enrolledCount: 1,
    network: { memberCount: 2, viewerMembership: null },
  });
  expect(ok(await run(stayer, NET, { id: courseId })).course.network.viewerMembership).toEqual({
    role: 'MEMBER',
    status: 'ACTIVE',
  });
  expect(ok(await run(expert, NET, { id: courseId })).course.network.viewerMembership).toEqual({
    role: 'OWNER',
    status: 'ACTIVE',
  });
  // Withdrawing twice is NOT_FOUND and changes nothing; enrolling again rejoins the network.
  expect(codes(await mutate(leaver, 'withdrawFromCourse', { courseId }, 'enrollment { id }'))).toEqual([
    'NOT_FOUND',
  ]);
  expect(ok(await run(expert, NET, { id: courseId })).course.network.memberCount).toBe(2);
  ok(await mutate(leaver, 'enrollInCourse', { courseId }, 'enrollment { id status }'));
  expect(ok(await run(leaver, NET, { id: courseId })).course).toMatchObject({
    enrolledCount: 2,
    network: { memberCount: 3, viewerMembership: { role: 'MEMBER', status: 'ACTIVE' } },
  });
});

it('a facilitator who enrolled and withdraws keeps their role in the cohort network', async () => {
  const courseId = await publishedCourse();
  ok(await mutate(expert, 'enrollInCourse', { courseId }, 'enrollment { id status }'));
  ok(await mutate(expert, 'withdrawFromCourse', { courseId }, 'enrollment { id status }'));
  expect(ok(await run(expert, NET, { id: courseId })).course.network).toMatchObject({
    memberCount: 1,
    viewerMembership: { role: 'OWNER', status: 'ACTIVE' },
  });
});
