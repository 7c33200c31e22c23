import Basics
import Foundation
import SonarAPI
import SonarflowTesting
import Yams

/// One recorded interaction from `Tests/Fixtures/cassettes/<name>.yml`.
struct Cassette: Sendable, CustomStringConvertible {
  var name: String
  var method: String
  var path: String
  var query: JSONObject
  var requestBody: JSONObject
  var requestHeaders: [String: String]
  var status: Int
  var responseBody: String

  var description: String { name }

  static let names: [String] = {
    let folder = Fixture.url("cassettes")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
  }()

  init(named name: String) throws {
    self.name = name
    let text = try Fixture.text("cassettes/\(name).yml")
    guard let root = try Yams.load(yaml: text) as? [String: Any],
      let interactions = root["http_interactions"] as? [[String: Any]],
      let first = interactions.first,
      let request = first["request"] as? [String: Any],
      let response = first["response"] as? [String: Any],
      let uri = request["uri"] as? String, let components = URLComponents(string: uri),
      let method = request["method"] as? String,
      let status = (response["status"] as? [String: Any])?["code"] as? Int,
      let responseBody = (response["body"] as? [String: Any])?["string"] as? String
    else { throw CassetteError(name: name) }
    self.method = method.uppercased()
    self.path = components.path
    self.query = FormEncoding.decode(components.percentEncodedQuery ?? "")
    self.requestBody = FormEncoding.decode(
      ((request["body"] as? [String: Any])?["string"] as? String) ?? "")
    var headers: [String: String] = [:]
    for (key, value) in (request["headers"] as? [String: Any]) ?? [:] {
      headers[key.lowercased()] = (value as? [Any])?.first.map { "\($0)" }
    }
    self.requestHeaders = headers
    self.status = status
    self.responseBody = responseBody
  }

  var rawRequestBody: String {
    get throws {
      let text = try Fixture.text("cassettes/\(name).yml")
      guard let root = try Yams.load(yaml: text) as? [String: Any],
        let interactions = root["http_interactions"] as? [[String: Any]],
        let request = interactions.first?["request"] as? [String: Any]
      else { throw CassetteError(name: name) }
      return ((request["body"] as? [String: Any])?["string"] as? String) ?? ""
    }
  }
}

struct CassetteError: Error, CustomStringConvertible {
  var name: String
  var description: String { "cannot read cassette \(name)" }
}
