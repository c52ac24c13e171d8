/**
 * Who a device is to the backend: its id and its device token (sent in the push channel's first frame and in every
 * request's Authorization header). The same shape as the platform contract's `DeviceCredentials`, which a TV reads
 * from its platform's storage; written here too so that client/ depends on protocol/ alone.
 */
export interface DeviceCredentials {
  deviceId: string;
  token: string;
}
