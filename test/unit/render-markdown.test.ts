import { renderMarkdown, sanitizeFragment } from '../../src/common/markdown/render-markdown';

// The sanitizer is the second line of defence: it must hold even if the renderer let HTML through.
describe('sanitizeFragment', () => {
  it.each([
    ['a script', '<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['an image with onerror', '<p><img src="x" onerror="alert(1)">x</p>', '<p>x</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['a data: link', '<a href="data:text/html,x">x</a>', '<a>x</a>'],
    ['a relative link', '<a href="/logout">x</a>', '<a>x</a>'],
    ['an event handler and a style', '<p onclick="alert(1)" style="color:red">x</p>', '<p>x</p>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>y', 'y'],
    [
      'a link with its own rel and target',
      '<a href="https://ok.example" rel="opener" target="_top">x</a>',
      '<a href="https://ok.example" rel="nofollow noopener noreferrer">x</a>',
    ],
    ['a foreign class', '<code class="evil language-js">x</code>', '<code class="language-js">x</code>'],
  ])('removes %s', (_label, html, expected) => {
    expect(sanitizeFragment(html)).toBe(expected);
  });
});

describe('renderMarkdown', () => {
  it('renders an empty source as an empty string', () => {
    expect(renderMarkdown('')).toBe('');
  });

  it('keeps non-Latin text and escapes angle brackets', () => {
    expect(renderMarkdown('قانون **مكافحة** الإرهاب 1 < 2')).toBe(
      '<p>قانون <strong>مكافحة</strong> الإرهاب 1 &lt; 2</p>\n',
    );
  });
});
