import Basics
import SonarAPI

/// `/_emulator/…`: read and change the emulator's state (docs/emulator.md, "Control API").
/// Usable in-process through ``RunningEmulator/control(_:_:body:)``.
struct ControlAPI: Sendable {
  let store: EmulatorStore
  let faults: FaultInjector

  func handle(method: String, path: String, body bytes: [UInt8]) async -> EmulatorResponse {
    let body: JSONObject
    switch EmulatorResponder.parseBody(bytes, contentType: nil) {
    case .failure(let error): return error.response
    case .success(let object): body = object
    }
    return await handle(method: method, path: path, body: body)
  }

  func handle(method: String, path: String, body: JSONObject) async -> EmulatorResponse {
    do {
      switch (method, path) {
      case ("GET", "/state"):
        guard case .object(var state) = await store.snapshot() else {
          return .error(500, "internal inconsistency")
        }
        state["faults"] = faults.listJSON()
        return EmulatorResponse(status: 200, body: .object(state))
      case ("POST", "/reset"):
        await store.reset()
        faults.clear()
        return .json(200, [("success", true)])
      case ("POST", "/inbound"): return ok(try await store.inbound(body))
      case ("POST", "/assign"): return ok(try await store.assign(body))
      case ("POST", "/unassign"): return ok(try await store.unassign(body))
      case ("POST", "/tags"): return ok(try await store.createTags(body))
      case ("POST", "/campaigns"): return ok(try await store.createCampaign(body))
      case ("POST", "/remove-tag"): return ok(try await store.removeTag(body))
      case ("POST", "/account"): return ok(try await store.updateAccount(body))
      case ("POST", "/clock"): return ok(try await store.advanceClock(body))
      case ("POST", "/faults"): return ok(try faults.add(body))
      case ("GET", "/faults"): return ok(faults.listJSON())
      case ("DELETE", "/faults"):
        faults.clear()
        return ok(faults.listJSON())
      default:
        return .error(404, "Not Found")
      }
    } catch {
      return .error(error.message.hasSuffix("not found") ? 404 : 400, error.message)
    }
  }

  private func ok(_ value: JSONValue) -> EmulatorResponse {
    EmulatorResponse(status: 200, body: value)
  }
}
