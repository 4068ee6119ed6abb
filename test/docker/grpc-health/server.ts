// A gRPC health server for the Docker tests (grpc.health.v1.Health/Check), bundled by esbuild and
// run by Node in a local image. The server as a whole ("") and "ok" are SERVING, "down" is
// NOT_SERVING, any other name is NOT_FOUND — as the protocol says a server answers.
import { Server, ServerCredentials, status as grpcStatus, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';

const STATUSES: Record<string, number> = { '': 1, ok: 1, down: 2 };

// HealthCheckRequest { string service = 1; }: one length-delimited field (names here are short).
// An object, not the bare string: grpc-js takes a falsy request ("") for no request at all.
function decodeService(buf: Buffer): { service: string } {
  return { service: buf.length > 2 && buf[0] === 0x0a ? buf.subarray(2, 2 + (buf[1] ?? 0)).toString('utf8') : '' };
}

// HealthCheckResponse { ServingStatus status = 1; }: one varint field.
const encodeStatus = (status: number): Buffer => Buffer.from([0x08, status]);

const server = new Server();
server.register(
  '/grpc.health.v1.Health/Check',
  (call: ServerUnaryCall<{ service: string }, number>, callback: sendUnaryData<number>) => {
    const status = STATUSES[call.request.service];
    if (status === undefined) callback({ code: grpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
    else callback(null, status);
  },
  encodeStatus,
  decodeService,
  'unary',
);
const port = process.env.PORT ?? '50051';
server.bindAsync(`0.0.0.0:${port}`, ServerCredentials.createInsecure(), (err) => {
  if (err) throw err;
  console.log(`grpc health on ${port}`);
});
process.on('SIGTERM', () => {
  server.forceShutdown();
  process.exit(0);
});
