package import Basics
package import Emulator
import Logging

/// The emulator of one replay command: started at the first request that needs it (a divergence
/// from the recording, or any request with `--emulator`), then shared by every replay of the
/// command, and stopped by ``stop()``. A command whose requests the recordings all answer starts
/// none.
package actor ReplayEmulator {
  private let configuration: SonarEmulator.Configuration
  private var starting: Task<RunningEmulator, any Error>?

  /// `state` is the emulator's data (`--emulator-state`), or empty.
  package init(state: EmulatorStateFile) {
    var logger = Logger(label: "sonarflow.emulator")
    logger.logLevel = .warning
    configuration = SonarEmulator.Configuration(initialState: state, logger: logger)
  }

  /// The private token the emulator accepts.
  package nonisolated var token: String { configuration.token }

  /// Whether a request has started it.
  package var isStarted: Bool { starting != nil }

  /// `http://127.0.0.1:PORT`, starting the emulator if no request has yet.
  package func rootURL() async throws -> String {
    let task: Task<RunningEmulator, any Error>
    if let starting {
      task = starting
    } else {
      // Concurrent first requests wait for the same start.
      let configuration = configuration
      task = Task { try await SonarEmulator(configuration: configuration).start() }
      starting = task
    }
    return try await task.value.rootURL
  }

  /// The emulator's state (the JSON of `GET /_emulator/state`), nil when it never started.
  package func state() async -> JSONValue? {
    guard let starting, let emulator = try? await starting.value else { return nil }
    return await emulator.state()
  }

  /// Stops the emulator if it started.
  package func stop() async {
    guard let starting, let emulator = try? await starting.value else { return }
    await emulator.stop()
  }
}
