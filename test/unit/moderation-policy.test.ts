import { Role, VerificationStatus } from '../../src/common/auth/role';
import type { Viewer } from '../../src/common/auth/viewer';
import { canViewPost } from '../../src/modules/post/post.policy';
import { PostStatus, PostVisibility } from '../../src/modules/post/post.enums';
import {
  ACCOUNT_BLOCKED_CLOSE_CODE,
  ConnectionRegistry,
} from '../../src/common/realtime/connection-registry';
import { EventEmitter } from 'node:events';

const viewer = (id = 'v', role: Role = Role.MEMBER): Viewer => ({
  id,
  sessionId: 's',
  role,
  verification: VerificationStatus.VERIFIED,
});
const scope = (blocked: string[] = [], moderated: string[] = []) => ({
  activeNetworkIds: new Set<string>(),
  moderatedNetworkIds: new Set(moderated),
  blockedIds: new Set(blocked),
});
const post = (o: Partial<{ hiddenAt: Date | null; authorId: string }> = {}) => ({
  authorId: 'a',
  status: PostStatus.PUBLISHED,
  visibility: PostVisibility.COMMUNITY,
  hiddenAt: null,
  ...o,
});

describe('canViewPost with moderation and blocks', () => {
  it('hides a hidden post from everyone but its author and the moderators who may review it', () => {
    const hidden = post({ hiddenAt: new Date() });
    expect(canViewPost(viewer(), hidden, [], scope())).toBe(false);
    expect(canViewPost(viewer('a'), hidden, [], scope())).toBe(true);
    expect(canViewPost(viewer('m', Role.MODERATOR), hidden, [], scope())).toBe(true);
    // A network moderator reviews NETWORKS posts shared only with networks they moderate, never COMMUNITY ones.
    expect(canViewPost(viewer('n'), hidden, ['g'], scope([], ['g']))).toBe(false);
    const hiddenInNetworks = { ...hidden, visibility: PostVisibility.NETWORKS };
    expect(canViewPost(viewer('n'), hiddenInNetworks, ['g'], scope([], ['g']))).toBe(true);
    expect(canViewPost(viewer('n'), hiddenInNetworks, ['g', 'h'], scope([], ['g']))).toBe(false);
  });

  it('hides the posts of someone in a block with the viewer, except from moderators', () => {
    expect(canViewPost(viewer(), post(), [], scope(['a']))).toBe(false);
    expect(canViewPost(viewer(), post(), [], scope(['x']))).toBe(true);
    expect(canViewPost(viewer('m', Role.ADMIN), post(), [], scope(['a']))).toBe(true);
  });
});

class FakeSocket extends EventEmitter {
  closedWith: number | null = null;
  close(code?: number) {
    this.closedWith = code ?? null;
    this.emit('close');
  }
}

describe('ConnectionRegistry', () => {
  it('closes every socket of one practitioner, whatever the session, and forgets closed ones', async () => {
    const registry = new ConnectionRegistry();
    const [a1, a2, b] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    registry.register(a1, 'a', 's1');
    registry.register(a2, 'a', 's2');
    registry.register(b, 'b', 's3');
    expect(registry.count('a')).toBe(2);
    await registry.closeConnectionsOf('a');
    expect([a1.closedWith, a2.closedWith, b.closedWith]).toEqual([
      ACCOUNT_BLOCKED_CLOSE_CODE,
      ACCOUNT_BLOCKED_CLOSE_CODE,
      null,
    ]);
    expect(registry.count('a')).toBe(0);
    b.emit('close');
    expect(registry.count('b')).toBe(0);
  });
});
