// Preloaded (`node --require`) by without-swagger.e2e-spec.ts: makes `@nestjs/swagger` unresolvable, as in a
// host that has not installed the optional peer, and says on stderr when something asked for it.
'use strict';
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@nestjs/swagger' || request.startsWith('@nestjs/swagger/')) {
    process.stderr.write(`hidden: ${request}\n`);
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
