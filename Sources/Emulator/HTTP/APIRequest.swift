import Basics
import SonarAPI

/// A Sonar API request after the HTTP layer: which endpoint, with one parameter map from the query
/// and the body (form or JSON), and the credentials found wherever Sonar accepts them.
struct APIRequest: Sendable {
  var endpoint: APIEndpoint
  var parameters: JSONObject
  /// From `X-Token`, `Token`, `token=` in the query or `token` in the body.
  var token: String?
  /// From `X-Publishable-Key` or `publishable_key`.
  var publishableKey: String?
}

/// The endpoints under `/api/v1`.
enum APIEndpoint: Sendable, Hashable {
  case sendMessage
  case appendTags(messageID: String)
  case upsertCustomer
  case getCustomer
  case closeCustomer
  case unassignCustomer
  case deleteProperty
  case sendCampaign
  case listWebhooks
  case registerWebhook
  case deleteWebhook(id: String)
  case availableNumber

  enum Match: Sendable, Hashable {
    case endpoint(APIEndpoint)
    case methodNotAllowed
    case notFound
  }

  /// Routes a method and a path relative to `/api/v1` (`/messages`, `/webhooks/3`).
  static func match(method: String, path: String) -> Match {
    let segments = path.split(separator: "/").map(String.init)
    let route: [String: APIEndpoint]
    switch segments.count {
    case 1:
      switch segments[0] {
      case "messages": route = ["POST": .sendMessage]
      case "customers": route = ["POST": .upsertCustomer, "GET": .getCustomer]
      case "campaigns": route = ["POST": .sendCampaign]
      case "webhooks": route = ["GET": .listWebhooks, "POST": .registerWebhook]
      default: return .notFound
      }
    case 2:
      switch (segments[0], segments[1]) {
      case ("customers", "close"): route = ["POST": .closeCustomer]
      case ("customers", "unassign"): route = ["POST": .unassignCustomer]
      case ("customers", "properties"): route = ["DELETE": .deleteProperty]
      case ("phone_numbers", "available"): route = ["GET": .availableNumber]
      case ("webhooks", let id): route = ["DELETE": .deleteWebhook(id: id)]
      default: return .notFound
      }
    case 3 where segments[0] == "messages" && segments[2] == "tags":
      route = ["POST": .appendTags(messageID: segments[1])]
    default:
      return .notFound
    }
    guard let endpoint = route[method] else { return .methodNotAllowed }
    return .endpoint(endpoint)
  }
}

/// What the emulator answers: a status and a JSON body (Sonar always answers JSON).
struct EmulatorResponse: Sendable {
  var status: Int
  var body: JSONValue
  var headers: [(String, String)] = []

  /// Sonar's error shape, `{"error": "…"}`.
  static func error(_ status: Int, _ message: String) -> EmulatorResponse {
    EmulatorResponse(status: status, body: .object(JSONObject([("error", .string(message))])))
  }

  static func json(_ status: Int, _ pairs: [(String, JSONValue)]) -> EmulatorResponse {
    EmulatorResponse(status: status, body: .object(JSONObject(pairs)))
  }

  static let success = EmulatorResponse.json(201, [("success", true)])
}
