// Writes schema.graphql from the code (npm run schema:emit). The schema test fails when they differ.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchemaSdl } from '../src/app/schema-sdl';

async function main(): Promise<void> {
  const target = path.resolve(process.cwd(), 'schema.graphql');
  fs.writeFileSync(target, await printSchemaSdl());
  process.stdout.write(`wrote ${target}\n`);
}

void main();
