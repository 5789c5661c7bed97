import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { codes, gql, ok } from '../helpers/graphql';
import { publishPost } from '../helpers/posts';
import { legalInput } from '../helpers/legal';
import { connectWs } from '../helpers/ws';

// Hole 11 of issue 10: Markdown bodies were returned raw, `<script>` included, with nothing in the schema
// saying how to render them. The source stays; `…Html` fields give sanitized HTML rendered on the server.

let server: TestServer;
let author: TestUser;
let moderator: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  author = await createPractitioner(server);
  moderator = await createModerator(server);
});
afterAll(() => server.stop());

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click](javascript:alert(3))',
  '[click](JaVaScRiPt:alert(4))',
  '<a href="javascript:alert(5)">raw link</a>',
  '<a href="https://evil.example/">raw https link</a>',
  '![pixel](https://tracker.example/pixel.png)',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)',
  '<iframe src="https://evil.example/"></iframe>',
  '<div style="position:fixed" onclick="alert(7)">overlay</div>',
  '[relative](/logout) [protocol-relative](//evil.example/x)',
  '[quote](https://a.example/?q="><script>alert(8)</script>)',
].join('\n\n');

const ALLOWED_TAGS = new Set(
  'p br hr h1 h2 h3 h4 h5 h6 blockquote ul ol li strong em s code pre a table thead tbody tr th td'.split(
    ' ',
  ),
);

/** Asserts that every tag of `html` is allowlisted, with allowlisted attributes and http(s)/mailto links. */
function expectNeutralised(html: string) {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
  for (const [, name, attrs] of tags) {
    expect(ALLOWED_TAGS).toContain(name.toLowerCase());
    const attributes = [...attrs.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)];
    for (const [, attr, value] of attributes) {
      expect(['href', 'rel', 'title', 'class', 'start']).toContain(attr);
      if (attr === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/);
      if (attr === 'class') expect(value).toMatch(/^language-[\w-]+$/);
    }
    if (name === 'a' && /href=/.test(attrs)) expect(attrs).toContain('rel="nofollow noopener noreferrer"');
  }
  // (Text such as `&lt;a href="javascript:…"&gt;` may remain: it is escaped, shown, never run.)
  expect(tags.length).toBeGreaterThan(0);
}

async function createPostWithBody(body: string): Promise<string> {
  return ok(
    await gql(
      server,
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`,
      { i: { title: 'Markdown', body, language: 'EN', countryCodes: ['NE'] } },
      { token: author.accessToken },
    ),
  ).createPost.post.id;
}

const POST_HTML = `query($id: ID!) { node(id: $id) { ... on Post { body bodyHtml } } }`;

describe('Post.bodyHtml', () => {
  it('neutralises scripts, event handlers, javascript: links, raw HTML and remote images', async () => {
    const id = await createPostWithBody(HOSTILE);
    const post = ok(await gql(server, POST_HTML, { id }, { token: author.accessToken })).node;
    expect(post.body).toBe(HOSTILE); // the source is kept as written
    expectNeutralised(post.bodyHtml);
    // Raw HTML comes out as visible text, not as markup.
    expect(post.bodyHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(post.bodyHtml).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // A javascript: link stays text; an image is a plain link to it, never loaded.
    expect(post.bodyHtml).toContain('[click](javascript:alert(3))');
    expect(post.bodyHtml).toContain(
      '<a href="https://tracker.example/pixel.png" rel="nofollow noopener noreferrer">pixel</a>',
    );
    // Relative and protocol-relative links are not made: their Markdown stays as text.
    expect(post.bodyHtml).toContain('<p>[relative](/logout) [protocol-relative](//evil.example/x)</p>');
  });

  it('renders ordinary Markdown: emphasis, lists, links, code and tables', async () => {
    const body = [
      '## Steps',
      '*Open* the **file** and run `grep`:',
      '- one\n- two',
      '3. three\n4. four',
      'See [the guide](https://example.org/guide "Guide") or <mailto:desk@example.org>.',
      '```js\nconst a = 1 < 2;\n```',
      '> quoted ~~struck~~',
      '| a | b |\n| - | - |\n| 1 | 2 |',
    ].join('\n\n');
    const id = await createPostWithBody(body);
    const html: string = ok(await gql(server, POST_HTML, { id }, { token: author.accessToken })).node
      .bodyHtml;
    expect(html).toContain('<h2>Steps</h2>');
    expect(html).toContain('<p><em>Open</em> the <strong>file</strong> and run <code>grep</code>:</p>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
    expect(html).toContain(
      '<a href="https://example.org/guide" rel="nofollow noopener noreferrer" title="Guide">the guide</a>',
    );
    expect(html).toContain('<a href="mailto:desk@example.org" rel="nofollow noopener noreferrer">');
    expect(html).toContain('<pre><code class="language-js">const a = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain('<blockquote>\n<p>quoted <s>struck</s></p>\n</blockquote>');
    expect(html).toContain('<td>1</td>');
    expectNeutralised(html);
  });

  it('reaches a live subscriber too (postPublished)', async () => {
    const reader = await createPractitioner(server);
    ok(
      await gql(
        server,
        `mutation($t: ID!) { follow(input: { targetId: $t }) { practitioner { id } network { id } } }`,
        { t: author.id },
        {
          token: reader.accessToken,
        },
      ),
    );
    const ws = connectWs(server, reader.accessToken);
    await ws.connected;
    const events: { data?: { postPublished?: { bodyHtml: string } } }[] = [];
    ws.client.subscribe(
      { query: `subscription { postPublished { bodyHtml } }` },
      {
        next: (v) => events.push(v as (typeof events)[0]),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    // Publish until the subscription is live and has delivered (no fixed sleep).
    const deadline = Date.now() + 5000;
    while (!events.length && Date.now() < deadline) {
      await publishPost(server, author, moderator);
      await new Promise((r) => setTimeout(r, 50));
    }
    await ws.client.dispose();
    expect(events[0].data?.postPublished?.bodyHtml).toBe('<h2>Steps</h2>\n<ol>\n<li>…</li>\n</ol>\n');
  });
});

describe('Comment.bodyHtml', () => {
  it('is sanitized HTML, and null once the comment is deleted (like body)', async () => {
    const postId = await publishPost(server, author, moderator);
    const comment = ok(
      await gql(
        server,
        `mutation($p: ID!, $b: String!) { addComment(input: { postId: $p, body: $b }) { comment { id body bodyHtml } } }`,
        { p: postId, b: 'Agreed, **strongly**.\n\n<script>alert(1)</script>' },
        { token: author.accessToken },
      ),
    ).addComment.comment;
    expect(comment.bodyHtml).toBe(
      '<p>Agreed, <strong>strongly</strong>.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
    const deleted = ok(
      await gql(
        server,
        `mutation($id: ID!) { deleteComment(input: { id: $id }) { comment { body bodyHtml isDeleted } } }`,
        {
          id: comment.id,
        },
        { token: author.accessToken },
      ),
    ).deleteComment.comment;
    expect(deleted).toEqual({ body: null, bodyHtml: null, isDeleted: true });
  });
});

describe('the other Markdown fields', () => {
  it('LegalDevelopment.bodyHtml', async () => {
    const res = ok(
      await gql(
        server,
        `mutation($i: ProposeLegalDevelopmentInput!) { proposeLegalDevelopment(input: $i) { legalDevelopment { body bodyHtml } } }`,
        { i: { ...legalInput(), body: 'Article *1*.\n\n<img src=x onerror=alert(1)>' } },
        { token: moderator.accessToken },
      ),
    ).proposeLegalDevelopment.legalDevelopment;
    expect(res.bodyHtml).toBe('<p>Article <em>1</em>.</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
  });

  it('Network.descriptionHtml (null without a description)', async () => {
    const CREATE = `mutation($i: CreateWorkingGroupInput!) { createWorkingGroup(input: $i) { network { description descriptionHtml } } }`;
    const group = ok(
      await gql(
        server,
        CREATE,
        { i: { name: 'Markdown group', description: '[x](javascript:alert(1)) _for_ prosecutors' } },
        { token: author.accessToken },
      ),
    ).createWorkingGroup.network;
    expect(group.descriptionHtml).toBe('<p>[x](javascript:alert(1)) <em>for</em> prosecutors</p>\n');
    const bare = ok(await gql(server, CREATE, { i: { name: 'Bare group' } }, { token: author.accessToken }))
      .createWorkingGroup.network;
    expect(bare).toEqual({ description: null, descriptionHtml: null });
  });

  it('Practitioner.bioHtml', async () => {
    const bio = 'Prosecutor in **Niamey**.\n\n<a href="https://evil.example">site</a>';
    const me = ok(
      await gql(
        server,
        `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { practitioner { bio bioHtml } } }`,
        { i: { bio } },
        { token: author.accessToken },
      ),
    ).updateProfile.practitioner;
    expect(me.bio).toBe(bio);
    expect(me.bioHtml).toContain('<p>Prosecutor in <strong>Niamey</strong>.</p>');
    expect(me.bioHtml).toContain('&lt;a href=');
    expectNeutralised(me.bioHtml);
  });
});

describe('the schema says how to render', () => {
  it('describes the Markdown sources, the HTML fields and the plain-text summaries', async () => {
    const res = await gql(
      server,
      `{ post: __type(name: "Post") { fields { name description } }
         ld: __type(name: "LegalDevelopment") { fields { name description } } }`,
    );
    expect(codes(res)).toEqual([]);
    const describe = (type: { fields: { name: string; description: string }[] }, name: string) =>
      type.fields.find((f) => f.name === name)!.description;
    const { post, ld } = ok(res);
    expect(describe(post, 'body')).toMatch(/Markdown source.*`bodyHtml`/);
    expect(describe(post, 'bodyHtml')).toMatch(/Sanitized HTML.*safe to insert/);
    expect(describe(post, 'summary')).toMatch(/Plain text, not Markdown/);
    expect(describe(ld, 'summary')).toMatch(/Plain text, not Markdown/);
  });
});
