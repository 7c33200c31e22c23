import Expressions

/// Runs a module with a deadline; past it the module fails with Make's `ModuleTimeoutError`.
enum ModuleTimeout {
  static func run(
    _ limit: Duration, moduleName: String, _ body: @escaping @Sendable () async throws(ModuleError) -> [Value]
  ) async throws(ModuleError) -> [Value] {
    let result: Result<[Value], ModuleError> = await withTaskGroup(of: Result<[Value], ModuleError>?.self) { group in
      group.addTask {
        do throws(ModuleError) { return .success(try await body()) } catch { return .failure(error) }
      }
      group.addTask {
        try? await Task.sleep(for: limit)
        return Task.isCancelled
          ? nil : .failure(ModuleError(.moduleTimeoutError, "'\(moduleName)' did not finish within \(limit)"))
      }
      var outcome: Result<[Value], ModuleError> = .failure(ModuleError(.runtimeError, "'\(moduleName)' was cancelled"))
      while let next = await group.next() {
        if let next {
          outcome = next
          break
        }
      }
      group.cancelAll()
      return outcome
    }
    return try result.get()
  }
}
