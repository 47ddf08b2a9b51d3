// Jest runs its global setup outside the projects' transform: @swc-node/register compiles the TypeScript.
require('@swc-node/register');
module.exports = require('./test-servers').startTestServers;
