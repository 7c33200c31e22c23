package import Foundation

extension RunningEmulator {
  /// Starts the emulator over from `state`, as `POST /_emulator/reset` does from the initial
  /// state: customers, messages, tags, campaigns, webhooks, deliveries, the clock and faults are
  /// all replaced. `sonarflow test` gives each case a clean world on an emulator already running,
  /// reproducible with `fixedAt`: the clock stands at that time and message ids count up from
  /// `00000000-0000-4000-8000-000000000001`, so what a case records repeats run after run.
  package func load(_ state: EmulatorStateFile, fixedAt: Date? = nil) async {
    await endpoint.store.load(state, fixedAt: fixedAt)
    endpoint.control.faults.clear()
  }
}
