// Entry point for the TypeORM CLI (migration:generate / run / revert); reads the same configuration as the server.
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createLogger } from '../app/logging';
import { createDataSource } from './data-source';

const config = loadConfig();
export default createDataSource(
  config.database,
  createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
).dataSource;
