import AsyncHTTPClient
import Basics
import Emulator
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SonarAPI
import SonarflowTesting
import Synchronization
import Testing

enum TestSupport {
  static let token = "emulator-test-token-abcdefghijklmn"

  static var quietLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
  }

  static func withEmulator<T: Sendable>(
    state: EmulatorStateFile = .empty,
    _ body: @Sendable (RunningEmulator) async throws -> T
  ) async throws -> T {
    let emulator = try await SonarEmulator(
      configuration: .init(
        token: token, initialState: state, webhookRetryScale: 0.001, logger: quietLogger)
    ).start()
    do {
      let result = try await body(emulator)
      await emulator.stop()
      return result
    } catch {
      await emulator.stop()
      throw error
    }
  }

  struct Answer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var json: JSONValue?
    var object: JSONObject? { json?.objectValue }
    var error: String? { object?["error"]?.stringValue }
  }

  /// A real HTTP request to the emulator.
  static func send(
    _ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
    timeout: Duration = .seconds(10)
  ) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = .init(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(
      request,
      timeout: .nanoseconds(
        timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    )
    let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return Answer(
      status: Int(response.status.code), headers: response.headers,
      json: try? JSONParser.parse(Array(buffer: bytes)))
  }

  static func form(
    _ method: String, _ url: String, _ body: String, token: String? = TestSupport.token
  ) async throws -> Answer {
    var headers = [("Content-Type", "application/x-www-form-urlencoded")]
    if let token { headers.append(("Token", token)) }
    return try await send(method, url, headers: headers, body: Array(body.utf8))
  }

  static func json(
    _ method: String, _ url: String, _ body: JSONValue, token: String? = TestSupport.token
  ) async throws -> Answer {
    var headers = [("Content-Type", "application/json")]
    if let token { headers.append(("X-Token", token)) }
    return try await send(method, url, headers: headers, body: body.serializedBytes)
  }

  /// Polls until `condition` holds or 5 s pass.
  static func eventually(_ condition: @Sendable () async -> Bool) async throws -> Bool {
    for _ in 0..<250 {
      if await condition() { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
  }
}

extension RunningEmulator {
  func stateList(_ key: String) async -> [JSONObject] {
    await state().objectValue?[key]?.arrayValue?.compactMap(\.objectValue) ?? []
  }

  @discardableResult
  func post(_ path: String, _ pairs: [(String, JSONValue)]) async -> ControlAnswer {
    await control(method: "POST", path, body: JSONObject(pairs))
  }
}

/// A real HTTP listener (port 0) that receives webhook deliveries; answers 500 to the first
/// `failures` requests, and optionally waits before answering.
final class WebhookListener: Sendable {
  struct Received: Sendable {
    var method: String
    var body: JSONObject
  }

  private let received = Mutex<[Received]>([])
  private let failuresLeft: Mutex<Int>
  private let delay: Duration

  var deliveries: [Received] { received.withLock { $0 } }

  init(failures: Int = 0, delay: Duration = .zero) {
    failuresLeft = Mutex(failures)
    self.delay = delay
  }

  func with<T: Sendable>(_ body: @Sendable (_ url: String) async throws -> T) async throws -> T {
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      let bytes = try await request.body.collect(upTo: 1024 * 1024)
      if self.delay > .zero { try await Task.sleep(for: self.delay) }
      let object = (try? JSONParser.parse(Array(buffer: bytes)))?.objectValue ?? JSONObject()
      self.received.withLock { $0.append(Received(method: request.method.rawValue, body: object)) }
      let shouldFail = self.failuresLeft.withLock { left in
        if left > 0 {
          left -= 1
          return true
        }
        return false
      }
      return Response(status: shouldFail ? .internalServerError : .ok)
    }
    return try await LoopbackHTTPServer.run(responder) { port in try await body("http://127.0.0.1:\(port)/hook") }
  }
}
