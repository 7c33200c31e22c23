// The baseline of Benchmarks/serve: `POST /_bench/noop` on serve's HTTP stack (Hummingbird, same
// application configuration), reading the body exactly as `POST /hooks/{name}` does and answering
// 200 without the queue. `sonarflow serve` itself has no such route.
//
// Usage: ServeBaseline [PORT]   (default 0: a free port; prints "listening on http://HOST:PORT")
import Foundation
import Hummingbird
import Logging
import Server

let host = "127.0.0.1"
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 0
let limit = ServerConfiguration().maxBodySize
var logger = Logger(label: "serve-baseline")
logger.logLevel = .warning

let router = Router(context: BasicRequestContext.self)
router.post("/_bench/noop") { request, _ -> Response in
  let body = await ServerRoutes.hookBody(request, limit: limit)
  return body.bytes == nil ? ServerRoutes.json(413, ["status": "too large"]) : ServerRoutes.json(200, ["status": "ok"])
}
let application = Application(
  router: router,
  configuration: .init(address: .hostname(host, port: port), serverName: nil),
  onServerRunning: { channel in
    // Unbuffered: the scripts wait for this line in a file.
    FileHandle.standardOutput.write(
      Data("ServeBaseline: listening on http://\(host):\(channel.localAddress?.port ?? 0)\n".utf8))
  },
  logger: logger
)
try await application.runService()
