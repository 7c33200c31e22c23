import Basics
import Expressions

/// Runs a module with a deadline; past it the module fails with Make's `ModuleTimeoutError`, at
/// the deadline, even when the runner does not stop on cancellation (it is cancelled and left to
/// end on its own).
enum ModuleTimeout {
  static func run(
    _ limit: Duration, moduleName: String, _ body: @escaping @Sendable () async throws(ModuleError) -> [Value]
  ) async throws(ModuleError) -> [Value] {
    do {
      return try await Deadline.run(within: limit) { () async throws -> [Value] in try await body() }
    } catch let error as ModuleError {
      throw error
    } catch is Deadline.Expired {
      throw ModuleError(.moduleTimeoutError, "'\(moduleName)' did not finish within \(Self.text(limit))")
    } catch {
      throw ModuleError(.runtimeError, "'\(moduleName)' was cancelled")
    }
  }

  /// `45 s`, `1.5 s`, `200 ms`.
  static func text(_ limit: Duration) -> String {
    let milliseconds = limit.wholeMilliseconds
    if milliseconds < 1_000 { return "\(milliseconds) ms" }
    if milliseconds % 1_000 == 0 { return "\(milliseconds / 1_000) s" }
    return "\(Double(milliseconds) / 1_000) s"
  }
}
