import AsyncHTTPClient
import Basics
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix

/// One call to make: what the endpoint methods build and ``SonarClient/perform(_:)`` sends.
struct SonarCall: Sendable {
  enum Credential: Sendable {
    /// `X-Token` header.
    case token
    /// `X-Token` header and `token=` in the query (the only recorded form for `GET /customers`).
    case tokenAlsoInQuery
    case publishableKey(String)
  }

  enum Body: Sendable {
    case parameters(JSONObject, forceJSON: Bool)
    case raw([UInt8])
  }

  var method: HTTPMethod
  /// Relative to the base path, starting with `/`.
  var path: String
  var query: [(String, String)] = []
  var rawQuery: String? = nil
  var body: Body? = nil
  var headers: [(String, String)] = []
  var credential: Credential = .token
  /// Safe to repeat after an unknown outcome (reads, upserts, deletes).
  var isIdempotent: Bool
  /// "Make an API Call": when retries run out, hand back the last answer instead of throwing.
  var returnsLastResponse = false
}

extension SonarClient {
  /// Sends a call with the retry rule; returns whatever status Sonar answered.
  func perform(_ call: SonarCall) async throws -> RawResponse {
    var machine = RetryStateMachine(
      policy: configuration.retry, isIdempotent: call.isIdempotent, seed: seeds.next())
    let (request, body) = try buildRequest(call)
    while true {
      try Task.checkCancellation()
      let event: RetryStateMachine.Event
      var lastError: SonarError
      var lastResponse: RawResponse?
      do {
        let response = try await attempt(request, body: body, number: machine.attempts + 1)
        lastResponse = response
        switch response.status {
        case 429, 500..<600:
          let retryAfter = response.header("Retry-After").flatMap { Int($0.trimmingWhitespace()) }
          event = .response(status: response.status, retryAfterSeconds: retryAfter)
          lastError = Self.error(from: response)
          if [502, 503, 504, 429].contains(response.status) == false { return response }
        default:
          return response
        }
      } catch let error as CancellationError {
        throw error
      } catch {
        let failure = classify(error)
        event = failure.event
        lastError = failure.error
      }
      switch machine.next(after: event) {
      case .retry(let delay):
        Counter(label: "sonarflow_sonar_retries_total", dimensions: [("reason", event.metricReason)]).increment()
        logger.debug(
          "retrying Sonar call",
          metadata: [
            "path": "\(call.path)", "attempt": "\(machine.attempts)", "delay": "\(delay)",
            "reason": "\(lastError.shortDescription)",
          ])
        try await sleep(delay)
      case .fail:
        if call.returnsLastResponse, let lastResponse { return lastResponse }
        throw lastError
      case .failOutcomeUnknown:
        if call.returnsLastResponse, let lastResponse { return lastResponse }
        if lastError.status != nil { throw lastError }
        throw SonarError.outcomeUnknown(
          host: configuration.environment.hostDescription, reason: lastError.shortDescription)
      }
    }
  }

  /// Performs a call and decodes a 2xx JSON object body; other statuses become ``SonarError``.
  func performForObject(_ call: SonarCall) async throws -> (status: Int, object: JSONObject) {
    let response = try await perform(call)
    guard (200..<300).contains(response.status) else { throw Self.error(from: response) }
    guard let object = response.json?.objectValue else {
      throw SonarError.invalidResponse("expected a JSON object", status: response.status)
    }
    return (response.status, object)
  }

  /// The error for a non-2xx answer, from its status and Sonar's `{"error": …}` text.
  package static func error(from response: RawResponse) -> SonarError {
    let errorText = response.json?.objectValue?["error"]?.stringValue
    let retryAfter = response.header("Retry-After").flatMap { Int($0.trimmingWhitespace()) }
    return SonarError.from(
      status: response.status, errorText: errorText, retryAfterSeconds: retryAfter)
  }

  /// The request for `call`, and its body's bytes (for the exchange an attempt records).
  private func buildRequest(_ call: SonarCall) throws -> (HTTPClientRequest, [UInt8]?) {
    let environment = configuration.environment
    var queryItems = call.query.map { FormEncoding.escape($0.0) + "=" + FormEncoding.escape($0.1) }
    if let rawQuery = call.rawQuery, !rawQuery.isEmpty { queryItems.append(rawQuery) }
    if case .tokenAlsoInQuery = call.credential {
      queryItems.append("token=" + FormEncoding.escape(token.secret))
    }
    let url =
      environment.baseURL + call.path
      + (queryItems.isEmpty ? "" : "?" + queryItems.joined(separator: "&"))
    var request = HTTPClientRequest(url: url)
    request.method = call.method
    request.headers.add(name: "Accept", value: "application/json")
    request.headers.add(name: "Client", value: configuration.clientName)
    for (name, value) in call.headers { request.headers.add(name: name, value: value) }
    switch call.credential {
    case .token, .tokenAlsoInQuery:
      request.headers.replaceOrAdd(name: "X-Token", value: token.secret)
    case .publishableKey(let key):
      request.headers.replaceOrAdd(name: "X-Publishable-Key", value: key)
    }
    var body: [UInt8]?
    switch call.body {
    case .none: break
    case .parameters(let object, let forceJSON):
      let bytes: [UInt8]
      if forceJSON || configuration.bodyEncoding == .json {
        bytes = JSONValue.object(object).serializedBytes
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
      } else {
        bytes = Array(FormEncoding.encode(object).utf8)
        request.headers.replaceOrAdd(
          name: "Content-Type", value: "application/x-www-form-urlencoded")
      }
      request.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
      request.body = .bytes(ByteBuffer(bytes: bytes))
      body = bytes
    case .raw(let bytes):
      request.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
      request.body = .bytes(ByteBuffer(bytes: bytes))
      body = bytes
    }
    return (request, body)
  }

  /// One attempt under the concurrency and rate limits, recorded in the operation's exchange log
  /// when one is bound (`ExchangeLog`).
  private func attempt(_ request: HTTPClientRequest, body: [UInt8]?, number: Int) async throws -> RawResponse {
    if let rateLimiter {
      let wait = await rateLimiter.reserve()
      if wait > .zero { try await sleep(wait) }
    }
    try await limiter.acquire()
    let exchange = ExchangeRecording(request, body: body, attempt: number)
    do {
      let response = try await transport.send(
        request, timeout: .nanoseconds(configuration.timeout.wholeNanoseconds))
      let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
      limiter.release()
      let raw = RawResponse(
        status: Int(response.status.code),
        headers: response.headers.map { RawRequest.Header(name: $0.name, value: $0.value) },
        body: Array(buffer: bytes))
      exchange.answered(status: raw.status, headers: raw.headers, body: raw.body)
      return raw
    } catch {
      limiter.release()
      if !(error is CancellationError) { exchange.failed(classify(error).error.shortDescription) }
      throw error
    }
  }

  private struct Failure {
    var event: RetryStateMachine.Event
    var error: SonarError
  }

  /// Sorts a transport error into "never written" (safe to retry) and "maybe written".
  private func classify(_ error: any Error) -> Failure {
    let host = configuration.environment.hostDescription
    if let clientError = error as? HTTPClientError {
      switch clientError {
      case .connectTimeout, .getConnectionFromPoolTimeout:
        return Failure(event: .notConnected, error: .timeout(host: host))
      case .readTimeout, .deadlineExceeded, .writeTimeout:
        return Failure(event: .failedAfterWrite, error: .timeout(host: host))
      case .remoteConnectionClosed:
        return Failure(
          event: .failedAfterWrite,
          error: .transport(host: host, reason: "the connection was closed"))
      default:
        return Failure(
          event: .failedAfterWrite,
          error: .transport(host: host, reason: clientError.shortDescription))
      }
    }
    if let ioError = error as? IOError {
      if ioError.errnoCode == ECONNREFUSED {
        return Failure(event: .notConnected, error: .connectionRefused(host: host))
      }
      if ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE {
        return Failure(
          event: .failedAfterWrite,
          error: .transport(host: host, reason: "the connection was reset"))
      }
    }
    if error is NIOConnectionError {
      let refused = "\(error)".contains("refused")
      return Failure(
        event: .notConnected,
        error: refused
          ? .connectionRefused(host: host) : .transport(host: host, reason: "could not connect"))
    }
    if let channelError = error as? ChannelError {
      if case .connectTimeout = channelError {
        return Failure(event: .notConnected, error: .timeout(host: host))
      }
      return Failure(
        event: .failedAfterWrite, error: .transport(host: host, reason: "the connection was lost"))
    }
    let text = "\(error)".replacingOccurrences(of: token.secret, with: "<redacted>")
    if text.lowercased().contains("connection refused") {
      return Failure(event: .notConnected, error: .connectionRefused(host: host))
    }
    return Failure(
      event: .failedAfterWrite, error: .transport(host: host, reason: String(text.prefix(200))))
  }
}
