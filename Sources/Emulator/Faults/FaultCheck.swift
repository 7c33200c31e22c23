package import Basics

/// Checks a fault without an emulator running.
package enum FaultCheck {
  /// Why `body` is not a fault the control API would take (`POST /_emulator/faults`), or nil:
  /// `sonarflow test` checks a case's faults when it reads the test file.
  package static func problem(with body: JSONObject) -> String? {
    do {
      _ = try FaultInjector().add(body)
      return nil
    } catch {
      return error.message
    }
  }
}
