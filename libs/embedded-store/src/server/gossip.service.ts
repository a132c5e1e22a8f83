import { randomUUID } from 'node:crypto';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import type { IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import type { StoreServer } from './store-server';
import { toTicks, uuidMessage } from './wire-format';

/**
 * Serves `Gossip.Read` as a cluster of one alive leader (this store), so that discovery
 * connection strings (`esdb+discover://…`) resolve to it.
 */
export function registerGossip(server: StoreServer): void {
  const instanceId = randomUUID();
  const implementation: IGossipServer = {
    read: (_call, callback) => {
      const { host, port } = server.address();
      const member = new MemberInfo()
        .setInstanceId(uuidMessage(instanceId, false))
        .setTimeStamp(toTicks(Date.now()))
        .setState(MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new EndPoint().setAddress(host).setPort(port));
      callback(null, new ClusterInfo().setMembersList([member]));
    },
  };
  server.addService(GossipService, implementation);
}
