import Basics
import Emulator
import Logging
import SonarAPI
import Synchronization

/// Starts an in-process emulator on port 0 and a client pointed at it, runs the body, stops it.
enum EmulatorHarness {
  static let token = "harness-token-Zq8v3LkP0aBcDeFgHiJk"

  static var quietLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
  }

  static func with<T: Sendable>(
    state: EmulatorStateFile = .empty,
    client configure: @Sendable (inout SonarClient.Configuration) -> Void = { _ in },
    sleep: @escaping SonarClient.Sleep = { try await Task.sleep(for: $0) },
    _ body: @Sendable (RunningEmulator, SonarClient) async throws -> T
  ) async throws -> T {
    let emulator = try await SonarEmulator(
      configuration: .init(
        token: token, initialState: state, webhookRetryScale: 0.001, logger: quietLogger)
    ).start()
    do {
      var configuration = SonarClient.Configuration(
        environment: try SonarEnvironment(baseURL: emulator.baseURL))
      configuration.retry = RetryPolicy(
        maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
      configure(&configuration)
      let client = SonarClient(
        token: token, configuration: configuration, logger: quietLogger, sleep: sleep)
      let result = try await body(emulator, client)
      await emulator.stop()
      return result
    } catch {
      await emulator.stop()
      throw error
    }
  }
}

/// Records the delays the client asked to sleep, without sleeping.
final class SleepRecorder: Sendable {
  private let delays = Mutex<[Duration]>([])
  var recorded: [Duration] { delays.withLock { $0 } }
  var sleep: SonarClient.Sleep { { duration in self.delays.withLock { $0.append(duration) } } }
}

extension RunningEmulator {
  /// The array at `key` of the state.
  func stateList(_ key: String) async -> [JSONObject] {
    await state().objectValue?[key]?.arrayValue?.compactMap(\.objectValue) ?? []
  }

  @discardableResult
  func post(_ path: String, _ pairs: [(String, JSONValue)]) async -> ControlAnswer {
    await control(method: "POST", path, body: JSONObject(pairs))
  }
}
