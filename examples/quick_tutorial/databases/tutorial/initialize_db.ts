#!/usr/bin/env -S node -r pyramid-ts/register
import * as path from 'node:path';

import { engineFromConfig } from 'pyramid-ts/db';
import {
  getAppSettings,
  setupLogging,
} from 'pyramid-ts/paster';
import { manager } from 'pyramid-ts/transaction';

import {
  DBSession,
  createAll,
} from './models';


function usage(argv: string[]): never {
  const cmd = path.basename(argv[1]);
  console.log(`usage: ${cmd} <config_uri>\n` +
              `(example: "${cmd} development.ini")`);
  process.exit(1);
}


export async function main(argv = process.argv) {
  if (argv.length !== 3) usage(argv);
  const configUri = argv[2];
  setupLogging(configUri);
  const settings = getAppSettings(configUri);
  const engine = engineFromConfig(settings, 'sqlalchemy.');
  DBSession.configure({ bind: engine });
  await createAll(engine);
  await manager.run(async () => {
    await DBSession.db.insertInto('wikipages').values({ title: 'Root', body: '<p>Root</p>' }).execute();
  });
  await engine.dispose();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
