require('@swc-node/register');
module.exports = require('./test-servers').stopTestServers;
