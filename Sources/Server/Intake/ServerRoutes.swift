import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus

/// The HTTP surface: hooks, health, readiness, metrics.
enum ServerRoutes {
  static func router(
    intake: WebhookIntake, readiness: Readiness, prometheus: PrometheusCollectorRegistry,
    configuration: ServerConfiguration
  ) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let limit = configuration.maxBodySize
    router.post("/hooks/:name") { request, context -> Response in
      let name = context.parameters.get("name") ?? ""
      var bytes: [UInt8]?
      if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
        bytes = nil
      } else {
        do {
          let buffer = try await request.body.collect(upTo: limit)
          bytes = Array(buffer.readableBytesView)
        } catch {
          bytes = nil
        }
      }
      let answer = await intake.accept(hook: name, body: bytes, contentType: request.headers[.contentType])
      return json(answer.status, answer.json, retryAfter: answer.retryAfter)
    }
    router.get("/healthz") { _, _ -> Response in
      json(200, ["status": "ok"])
    }
    router.get("/readyz") { _, _ -> Response in
      readiness.isReady ? json(200, ["status": "ready"]) : json(503, ["status": "starting"])
    }
    router.get("/metrics") { _, _ -> Response in
      var buffer: [UInt8] = []
      prometheus.emit(into: &buffer)
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    if configuration.hasBenchmarkRoute {
      // Same body handling as a hook, no queue: the baseline of Benchmarks/serve.
      router.post("/_bench/noop") { request, _ -> Response in
        _ = try? await request.body.collect(upTo: limit)
        return json(200, ["status": "ok"])
      }
    }
    return router
  }

  static func json(_ status: Int, _ object: [String: String], retryAfter: Int? = nil) -> Response {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let retryAfter { headers[.retryAfter] = String(retryAfter) }
    return Response(
      status: HTTPResponse.Status(code: status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: jsonBytes(object))))
  }

  /// A flat object of strings as JSON, keys sorted. Written by hand: `JSONSerialization` (bridging
  /// to NSDictionary, sorting through NSString) cost more than the rest of an answer.
  static func jsonBytes(_ object: [String: String]) -> [UInt8] {
    var bytes: [UInt8] = [UInt8(ascii: "{")]
    for (index, key) in object.keys.sorted().enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      appendJSONString(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendJSONString(object[key] ?? "", to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
    return bytes
  }

  private static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(byte)
      case UInt8(ascii: "\n"):
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case UInt8(ascii: "\r"):
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case UInt8(ascii: "\t"):
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0..<0x20:
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0x0F)])
      default:
        bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
