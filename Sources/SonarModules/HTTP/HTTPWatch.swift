import AsyncHTTPClient
import Basics
package import Engine
package import Expressions
import Foundation
import ModuleCatalogue
import NIOCore
import NIOHTTP1
package import OrderedCollections
package import SonarAPI

/// `http.watch`'s fetch: GET (or POST) a JSON endpoint and take the items at `itemsPath`.
/// What counts as new (cursor, seen ids, where to start) is the poller's business.
package struct HTTPWatch: Sendable {
  package var url: String
  package var method: String
  package var headers: [(String, String)]
  /// Dot path to the array of items; empty when the response is the array.
  package var itemsPath: String
  /// Dot path to each item's id.
  package var idPath: String
  package var limit: Int

  package init(params: OrderedDictionary<String, Value>) throws(ModulePollError) {
    guard case .text(let url)? = params["url"], !url.isEmpty else {
      throw ModulePollError(.invalidConfigurationError, "'url' is required")
    }
    self.url = url
    // method, idPath and limit have defaults in http.watch's definition, compiled into the params.
    guard case .text(let method)? = params["method"] else {
      throw ModulePollError(.invalidConfigurationError, "'method' has no value")
    }
    self.method = method.uppercased()
    var headers: [(String, String)] = []
    for pair in Coercion.array(from: params["headers"] ?? .null) {
      if case .collection(let fields) = pair, let key = fields["key"] {
        headers.append((key.rendered, fields["value"]?.rendered ?? ""))
      }
    }
    self.headers = headers
    if case .text(let path)? = params["itemsPath"] { itemsPath = path } else { itemsPath = "" }
    guard case .text(let idPath)? = params["idPath"], case .number(let limit)? = params["limit"] else {
      throw ModulePollError(.invalidConfigurationError, "'idPath' and 'limit' need values")
    }
    self.idPath = idPath
    self.limit = max(1, Int(limit))
  }

  /// Fetches the endpoint once and returns every item, in the order the endpoint lists them.
  package func fetch(httpClient: any HTTPTransport) async throws(ModulePollError) -> [Value] {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let text: String
    let status: UInt
    // Recorded in the log the poller binds (`ExchangeLog.current`): the trigger's check in history.
    let exchange = ExchangeRecording(request, body: nil)
    do {
      let response = try await httpClient.send(request, timeout: .seconds(Int64(ModuleTimeoutRule.makeSeconds)))
      status = response.status.code
      let bytes = try await response.body.collect(upTo: HTTPRequestRunner.maximumBodySize)
      exchange.answered(
        status: Int(status), headers: response.headers.map { HTTPExchange.Header(name: $0.name, value: $0.value) },
        body: Array(buffer: bytes))
      text = String(buffer: bytes)
    } catch let error as HTTPClientError
      where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
    {
      let failure = ModulePollError(.moduleTimeoutError, "no answer from \(url) in time: \(error)")
      exchange.failed(failure.description)
      throw failure
    } catch {
      let failure = ModulePollError(.connectionError, "cannot fetch \(url): \(error)")
      exchange.failed(failure.description)
      throw failure
    }
    switch status {
    case 200..<300: break
    case 429: throw ModulePollError(.rateLimitError, "\(url) answered 429 Too Many Requests")
    case 500..<600: throw ModulePollError(.connectionError, "\(url) answered \(status)")
    default: throw ModulePollError(.runtimeError, "\(url) answered \(status)")
    }
    let document: Value
    do {
      document = try Value(jsonText: text)
    } catch {
      throw ModulePollError(.dataError, "\(url) did not answer with JSON: \(error)")
    }
    let items = itemsPath.isEmpty ? document : document.value(at: PathComponent.parse(dotted: itemsPath))
    guard case .array(let array) = items else {
      throw ModulePollError(
        .dataError, "no array at '\(itemsPath.isEmpty ? "(the whole response)" : itemsPath)' in the answer of \(url)")
    }
    return array
  }

  /// An item's id as text, for remembering what was emitted.
  package func id(of item: Value) -> String? {
    let value = item.value(at: PathComponent.parse(dotted: idPath))
    if value == .null { return nil }
    return value.rendered
  }
}

/// Why a poll failed, with Make's error type: a connection, rate-limit or timeout error is
/// retried on Make's backoff schedule (`PollBackoff`); any other stops the run with an error.
package struct ModulePollError: Error, Sendable, CustomStringConvertible {
  package var type: ErrorType
  package var description: String
  package init(_ type: ErrorType, _ description: String) {
    self.type = type
    self.description = description
  }
}

extension HTTPWatch {
  /// One poll of `compiled`'s `http.watch` trigger with no memory of earlier polls: every item up
  /// to the trigger's limit (`run` and `sonarflow test`; `serve` keeps a cursor).
  package static func pollOnce(
    _ compiled: CompiledScenario, transport: any HTTPTransport
  ) async throws(ModulePollError) -> [Value] {
    let watch = try HTTPWatch(params: compiled.constantTriggerParams)
    return Array(try await watch.fetch(httpClient: transport).prefix(watch.limit))
  }
}
