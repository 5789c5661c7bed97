import 'reflect-metadata';
import { PostResolver } from '../../src/modules/post/post.resolver';
import { ReportResolver } from '../../src/modules/moderation/moderation-report.resolver';
import { readPolicy, registeredTypeNames } from '../../src/common/relay/node-registry';
import { fromGlobalId, toGlobalId } from '../../src/common/relay/global-id';
import { MANIFESTS } from '../../src/app/modules';
import { registerModuleNodes } from '../../src/app/schema';

const UUID = '00000000-0000-4000-8000-000000000000';

describe('module manifests', () => {
  it('importing resolver files registers nothing; registering the manifests does', () => {
    expect([PostResolver, ReportResolver]).toHaveLength(2); // the imports are used
    expect(registeredTypeNames()).toEqual([]);
    expect(readPolicy('Post')).toBeUndefined();
    expect(() => fromGlobalId(toGlobalId('Post', UUID))).toThrow('id is not a valid ID.');

    registerModuleNodes();

    expect(registeredTypeNames()).toEqual(expect.arrayContaining(['Post', 'Report', 'ModerationItem']));
    expect(readPolicy('Post')).toBeDefined();
    expect(fromGlobalId(toGlobalId('Post', UUID))).toEqual({ typeName: 'Post', id: UUID });
  });

  it('lists each module once, by a unique name', () => {
    const names = MANIFESTS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
