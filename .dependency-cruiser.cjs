// The library's folders form layers: a folder imports only from the folders listed before it.
// The module (tracking-events.module.ts) and the public index sit above them all. `npm run lint:deps`.
const LAYERS = [
  'common', // OrderCloud conventions: errors, lists, IDs, validation
  'messages', // the contracts every part shares: captured events, commerce data, tracking messages, delivery jobs
  'delivery-targets', // the target interface, registry, and one folder per built-in target
  'options', // the host's settings, validated and resolved once
  'redis', // connections and availability
  'queues', // queue names and the jobs added to them
  'metrics', // Prometheus metrics, when the host turns them on
  'capture', // the host's events: decorators, publisher, capture stream, outbox
  'identity', // anonymous shoppers stitched to users
  'hydration', // captured events made into tracking messages
  'operations', // the delivery log, dead letters, circuit breaker, Bull Board
  'entities', // every entity, for TypeORM
  'secret-encryption', // the DeliveryConfigs' secrets encrypted at rest, and their re-encryption
  'migrations',
  'routing', // where each event goes: the routing table, claims, the capture-stream router
  'delivery', // the workers: delivery attempts, policy, job fetching
  'admin-api', // OrderCloud's admin API and the operations endpoints
  'dashboard', // the delivery dashboard's server; its page (dashboard/page/) is browser code, bundled apart
];

const folder = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module depends on itself through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pipeline-not-admin-api',
      severity: 'error',
      comment: 'The pipeline works without the admin API: nothing but the module imports from admin-api/.',
      from: { path: '^src/', pathNot: ['^src/admin-api/', '^src/tracking-events\\.module\\.ts$', '^src/index\\.ts$'] },
      to: { path: folder('admin-api') },
    },
    ...LAYERS.map((layer, index) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `${layer}/ imports only from the folders below it: ${LAYERS.slice(0, index).join(', ') || 'none'}.`,
      from: { path: folder(layer) },
      to: { path: `^src/(${LAYERS.slice(index + 1).join('|')})/` },
    })).filter((rule) => !rule.to.path.endsWith('()/')),
    {
      name: 'sample-app-on-public-api',
      severity: 'error',
      comment: 'The sample app is what hosts copy: it uses the package through its public index only.',
      from: { path: '^sample-app/' },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.(spec|fixtures)\\.ts$', '^src/dashboard/page/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
