import { createParameterDecorator } from 'type-graphql';
import type { Context } from '../context';
import type { Viewer } from './viewer';

/** Injects the authenticated viewer (or null) into a resolver argument. */
export function CurrentViewer() {
  return createParameterDecorator<Context>(({ context }) => context.viewer as Viewer | null);
}
