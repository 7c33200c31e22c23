import Foundation

/// Where the client sends its calls: Sonar live, Sonar's sandbox, or any base URL of the same form
/// (`http://127.0.0.1:8080/api/v1` for the emulator).
package struct SonarEnvironment: Sendable, Hashable, CustomStringConvertible {
  /// Without a trailing slash, e.g. `https://www.sendsonar.com/api/v1`.
  package let baseURL: String
  package let scheme: String
  package let host: String
  package let port: Int?
  /// The path part of the base URL, e.g. `/api/v1`.
  package let basePath: String

  package static let live = SonarEnvironment(trusted: "https", host: "www.sendsonar.com")
  package static let sandbox = SonarEnvironment(trusted: "https", host: "sandbox.sendsonar.com")

  private init(trusted scheme: String, host: String) {
    self.scheme = scheme
    self.host = host
    self.port = nil
    self.basePath = "/api/v1"
    self.baseURL = "\(scheme)://\(host)/api/v1"
  }

  /// A base URL such as `http://127.0.0.1:8080/api/v1`: http or https, a host, an optional port and
  /// path, no query, fragment or credentials.
  package init(baseURL text: String) throws(SonarError) {
    let trimmed = text.trimmingWhitespace()
    guard let components = URLComponents(string: trimmed),
      let scheme = components.scheme?.lowercased()
    else {
      throw SonarError.invalidBaseURL("'\(text)' is not a URL")
    }
    guard scheme == "http" || scheme == "https" else {
      throw SonarError.invalidBaseURL("'\(text)' must start with http:// or https://")
    }
    guard let host = components.host, !host.isEmpty else {
      throw SonarError.invalidBaseURL("'\(text)' has no host")
    }
    guard components.query == nil, components.fragment == nil, components.user == nil,
      components.password == nil
    else {
      throw SonarError.invalidBaseURL("'\(text)' must not have a query, fragment or credentials")
    }
    var path = components.percentEncodedPath
    while path.hasSuffix("/") { path.removeLast() }
    guard !path.split(separator: "/").contains("..") else {
      throw SonarError.invalidBaseURL("'\(text)' must not contain '..'")
    }
    self.scheme = scheme
    self.host = host
    self.port = components.port
    self.basePath = path
    let hostPart = host.contains(":") ? "[\(host)]" : host
    self.baseURL = "\(scheme)://\(hostPart)\(components.port.map { ":\($0)" } ?? "")\(path)"
  }

  /// The environment Make's connection describes: the override (from `SONAR_API_URL` or
  /// `--sonar-url`) wins, else the Sandbox checkbox picks sandbox or live.
  package static func resolve(
    sandbox: Bool, overrideURL: String? = nil
  ) throws(SonarError)
    -> SonarEnvironment
  {
    if let overrideURL, !overrideURL.isEmpty { return try SonarEnvironment(baseURL: overrideURL) }
    return sandbox ? .sandbox : .live
  }

  /// `host:port`, for messages.
  package var hostDescription: String { port.map { "\(host):\($0)" } ?? host }

  package var description: String { baseURL }
}
