import { TargetNetworkPolicy } from './target-network-policy';

/** The policy of a development machine: the tests' servers listen on loopback. */
export const ALLOW_PRIVATE_NETWORKS = new TargetNetworkPolicy({ allowPrivateNetworks: true, allowedHosts: [], echoResponseBodies: false });

/** The default policy, as in production: loopback and private addresses refused. */
export const REFUSE_PRIVATE_NETWORKS = new TargetNetworkPolicy({
  allowPrivateNetworks: false,
  allowedHosts: [],
  echoResponseBodies: false,
});
