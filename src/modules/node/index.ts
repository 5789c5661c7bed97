import { defineModule } from '../../platform/module/module-manifest';
import { NodeResolver } from './node.resolver';

/** `node(id:)` and `nodes(ids:)` over every registered Node type. */
export const nodeModule = defineModule({ name: 'node', resolvers: [NodeResolver] });
