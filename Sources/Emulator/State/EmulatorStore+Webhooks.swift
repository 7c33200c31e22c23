import Basics
import SonarAPI

extension EmulatorStore {
  /// `POST /webhooks`: `{"webhook": {name, active, settings, url, http_method}}` (JSON or form).
  func registerWebhook(_ parameters: JSONObject) -> EmulatorResponse {
    guard let webhook = parameters["webhook"]?.objectValue else {
      return .error(400, "webhook is missing")
    }
    let required = ["name", "active", "settings", "url", "http_method"]
    let absent = required.filter { key in
      guard let value = webhook[key], !value.isNull else { return true }
      return value.stringValue == ""
    }
    if !absent.isEmpty {
      return .error(400, absent.map { "webhook[\($0)] is missing" }.joined(separator: ", "))
    }
    guard let name = webhook["name"]?.stringValue else {
      return .error(400, "webhook[name] is invalid")
    }
    guard let isActive = webhook["active"]?.boolValue else {
      return .error(400, "webhook[active] is invalid")
    }
    guard let settings = webhook["settings"]?.objectValue else {
      return .error(400, "webhook[settings] is invalid")
    }
    var normalized = JSONObject()
    for entry in settings.entries {
      guard let flag = entry.value.boolValue else {
        return .error(400, "webhook[settings][\(entry.key)] is invalid")
      }
      normalized[entry.key] = .string(flag ? "true" : "false")
    }
    guard let url = webhook["url"]?.stringValue,
      let scheme = url.split(separator: ":").first?.lowercased(),
      scheme == "http" || scheme == "https", url.contains("://")
    else { return .error(400, "webhook[url] is invalid") }
    let method = (webhook["http_method"]?.stringValue ?? "").uppercased()
    guard ["POST", "PUT", "GET"].contains(method) else {
      return .error(400, "webhook[http_method] does not have a valid value")
    }
    let record = EmulatedWebhook(
      id: nextWebhookID, name: name, isActive: isActive, url: url, httpMethod: method,
      settings: normalized)
    nextWebhookID += 1
    webhooks.append(record)
    return EmulatorResponse(status: 201, body: record.json)
  }

  /// `DELETE /webhooks/{id}`.
  func deleteWebhook(id: String) -> EmulatorResponse {
    guard let number = Int(id), let index = webhooks.firstIndex(where: { $0.id == number }) else {
      return .error(404, "Webhook not found")
    }
    webhooks.remove(at: index)
    return .json(200, [("success", true)])
  }
}
