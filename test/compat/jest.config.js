// The root configuration, with every package of this folder's install loaded from here instead of the
// root install: the library, the sample app and the tests then run on NestJS 11, TypeORM 0.3 and BullMQ 5.
const { join } = require('node:path');
const root = require('../../jest.config');
const { dependencies } = require('./package.json');

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const moduleNameMapper = Object.fromEntries(
  Object.keys(dependencies).map((name) => [`^${escape(name)}(/.*)?$`, `<rootDir>/test/compat/node_modules/${name}$1`]),
);

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: join(__dirname, '..', '..'),
  projects: [
    ...root.projects.map((project) => ({ ...project, rootDir: join(__dirname, '..', '..'), moduleNameMapper })),
    {
      ...root.projects[0],
      rootDir: join(__dirname, '..', '..'),
      moduleNameMapper,
      displayName: 'compat',
      testMatch: ['<rootDir>/test/compat/*.compat-spec.ts'],
    },
  ],
};
