package import Expressions
package import ScenarioModel

/// A stubbed answer to the requests `http.request` and `http.watch` send (`http:` in a case): the
/// first stub whose method and URL match answers; a request no stub matches fails the case.
package struct HTTPStub: Sendable {
  package enum URLPattern: Sendable {
    /// The whole URL, query included, as the module built it.
    case exact(String)
    /// A regular expression found in the URL.
    case matches(String)
  }

  /// nil: any method.
  package var method: String?
  package var url: URLPattern
  package var status: Int
  package var headers: [(name: String, value: String)]
  package var body: String
  package var location: SourceLocation

  package func answers(method requestMethod: String, url requestURL: String) -> Bool {
    if let method, method.uppercased() != requestMethod.uppercased() { return false }
    switch url {
    case .exact(let text): return text == requestURL
    case .matches(let pattern): return (try? Regex(pattern)).map { requestURL.contains($0) } ?? false
    }
  }
}
