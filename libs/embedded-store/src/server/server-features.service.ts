import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { StoreServer } from './store-server';

/** The EventStoreDB version the store presents itself as: the protocol level it implements. */
export const SERVER_VERSION = '24.10.0';

/**
 * Serves `ServerFeatures.GetSupportedMethods` from the server's registry, read at call time so
 * that services added later are advertised too.
 */
export function registerServerFeatures(server: StoreServer): void {
  const implementation: IServerFeaturesServer = {
    getSupportedMethods: (_call, callback) => {
      const methods = server.advertisedMethods().map((m) =>
        new SupportedMethod()
          .setServiceName(m.serviceName.toLowerCase())
          .setMethodName(m.methodName.toLowerCase())
          .setFeaturesList([...m.features]),
      );
      callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION));
    },
  };
  server.addService(ServerFeaturesService, implementation);
}
