import AsyncHTTPClient
import Basics
package import Engine
package import Expressions
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections
package import SonarAPI

/// `http.request` (Make's HTTP > Make a request): any URL, any method; outputs the status, the
/// headers and the body (parsed when it is JSON and `parseResponse` is on).
package struct HTTPRequestRunner: ModuleRunner {
  let transport: any HTTPTransport

  package init(transport: any HTTPTransport) {
    self.transport = transport
  }

  /// The largest response body read, so a huge download cannot exhaust memory.
  static let maximumBodySize = 10 * 1024 * 1024

  package func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    let urlText = try input.requiredText("url")
    guard var components = URLComponents(string: urlText), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https", components.host != nil
    else {
      throw ModuleError(.dataError, "'url' must be an http(s) URL, not '\(urlText)'")
    }
    var queryItems = components.queryItems ?? []
    for pair in Coercion.array(from: input[field: "query"]) {
      guard case .collection(let fields) = pair, let key = fields["key"] else { continue }
      queryItems.append(URLQueryItem(name: key.rendered, value: fields["value"].map { $0.rendered }))
    }
    if !queryItems.isEmpty { components.queryItems = queryItems }
    guard let url = components.url?.absoluteString else {
      throw ModuleError(.dataError, "'url' could not be built from '\(urlText)' and the query")
    }
    let method = HTTPMethod(rawValue: try input.requiredText("method").uppercased())
    var request = HTTPClientRequest(url: url)
    request.method = method
    for pair in Coercion.array(from: input[field: "headers"]) {
      guard case .collection(let fields) = pair, let key = fields["key"] else { continue }
      request.headers.add(name: key.rendered, value: fields["value"]?.rendered ?? "")
    }
    let body = input[field: "body"]
    var bodyText: String?
    if !Coercion.isEmpty(body) {
      switch body {
      case .array, .collection:
        bodyText = body.jsonText()
        if !request.headers.contains(name: "content-type") {
          request.headers.add(name: "content-type", value: "application/json")
        }
      default:
        bodyText = body.rendered
      }
      request.body = bodyText.map { .bytes(ByteBuffer(string: $0)) }
    }
    if context.isDryRun && method != .GET && method != .HEAD {
      return [
        .collection([
          "dryRun": true, "method": .text(method.rawValue), "url": .text(url), "fields": .collection(input.fields),
        ])
      ]
    }
    guard case .number(let seconds) = try input.param("timeout") else {
      throw ModuleError(.invalidConfigurationError, "the setting 'timeout' must be a number of seconds")
    }
    let timeoutSeconds = Int64(max(1, min(300, seconds)))
    let response: HTTPClientResponse
    let bytes: ByteBuffer
    let exchange = ExchangeRecording(request, body: bodyText.map { Array($0.utf8) })
    do {
      response = try await transport.send(request, timeout: .seconds(timeoutSeconds))
      bytes = try await response.body.collect(upTo: Self.maximumBodySize)
    } catch let error as HTTPClientError
      where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
    {
      let failure = ModuleError(
        .moduleTimeoutError, "no answer from \(components.host ?? urlText) within \(timeoutSeconds)s")
      exchange.failed(failure.message)
      throw failure
    } catch {
      let failure = ModuleError(.connectionError, "request to \(components.host ?? urlText) failed: \(error)")
      exchange.failed(failure.message)
      throw failure
    }
    exchange.answered(
      status: Int(response.status.code),
      headers: response.headers.map { HTTPExchange.Header(name: $0.name, value: $0.value) }, body: Array(buffer: bytes))
    let status = Int(response.status.code)
    if status == 429 {
      throw ModuleError(
        .rateLimitError, "\(components.host ?? urlText) answered 429 Too Many Requests", statusCode: status)
    }
    if status == 503 || status == 504 {
      throw ModuleError(.connectionError, "\(components.host ?? urlText) answered \(status)", statusCode: status)
    }
    var headers = OrderedDictionary<String, Value>()
    for header in response.headers { headers[header.name.lowercased()] = .text(header.value) }
    let text = String(buffer: bytes)
    var data: Value = .text(text)
    if try input.param("parseResponse") == .boolean(true), let parsed = try? Value(jsonText: text) { data = parsed }
    return [.collection(["statusCode": .number(Double(status)), "headers": .collection(headers), "data": data])]
  }
}
