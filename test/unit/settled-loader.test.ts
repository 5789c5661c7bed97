import { SettledLoader } from '../../src/common/loaders/settled-loader';

// SettledLoader: answers at once for keys whose value it holds, batches the others as DataLoader does.

function loader() {
  const batches: string[][] = [];
  const l = new SettledLoader<string, string | null>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => (k === 'bad' ? new Error('bad key') : k === 'none' ? null : `value of ${k}`));
  });
  return { l, batches };
}

it('answers a loaded key synchronously, and batches the keys it does not hold', async () => {
  const { l, batches } = loader();
  const pending = l.loadNow('a');
  expect(pending).toBeInstanceOf(Promise);
  const pendingB = l.loadNow('b');
  expect(await pending).toBe('value of a');
  expect(await pendingB).toBe('value of b');
  expect(batches).toEqual([['a', 'b']]);
  expect(l.loadNow('a')).toBe('value of a');
  expect(l.loadNow('none')).toBeInstanceOf(Promise);
  expect(await l.loadNow('none')).toBeNull();
  expect(l.loadNow('none')).toBeNull(); // a settled null is a value too
  expect(batches).toEqual([['a', 'b'], ['none']]);
});

it('never settles an error: the key stays a promise that rejects', async () => {
  const { l } = loader();
  await expect(l.loadNow('bad') as Promise<unknown>).rejects.toThrow('bad key');
  const again = l.loadNow('bad');
  expect(again).toBeInstanceOf(Promise);
  await expect(again).rejects.toThrow('bad key');
});

it('settles a primed value, keeps the first value of a key as DataLoader does, and forgets what is cleared', async () => {
  const { l, batches } = loader();
  l.prime('p', 'primed');
  expect(l.loadNow('p')).toBe('primed');
  l.prime('p', 'primed again'); // DataLoader keeps the first
  expect(l.loadNow('p')).toBe('primed');
  expect(await l.load('p')).toBe('primed');
  // A key already loading: a prime changes nothing, the batch's value settles.
  const loading = l.load('q');
  l.prime('q', 'too late');
  expect(await loading).toBe('value of q');
  expect(l.loadNow('q')).toBe('value of q');
  l.clear('p');
  const reloadP = l.loadNow('p');
  expect(reloadP).toBeInstanceOf(Promise);
  l.clearAll();
  const reloadQ = l.loadNow('q');
  expect(reloadQ).toBeInstanceOf(Promise);
  expect(await reloadP).toBe('value of p');
  expect(await reloadQ).toBe('value of q');
  expect(batches).toEqual([['q'], ['p', 'q']]);
});
