import { defineModule } from '../module/module-manifest';
import { NodeResolver } from './node.resolver';

/** `node(id:)` and `nodes(ids:)` over every registered Node type. */
export const nodePlatform = defineModule({ name: 'node', resolvers: [NodeResolver] });
