import Foundation

/// Finds scenario files (`*.yaml`, `*.yml`) under the paths a user names.
package enum ScenarioFiles {
  package struct MissingPath: Error {
    package var path: String
  }

  /// Files are taken as given; folders are searched recursively, in sorted order, skipping hidden
  /// folders and build folders.
  package static func collect(_ paths: [String]) throws(MissingPath) -> [String] {
    var files: [String] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw MissingPath(path: path) }
      if !isDirectory.boolValue {
        files.append(path)
        continue
      }
      guard let enumerator = manager.enumerator(atPath: path) else { continue }
      var found: [String] = []
      while let relative = enumerator.nextObject() as? String {
        let name = (relative as NSString).lastPathComponent
        if name.hasPrefix(".") {
          enumerator.skipDescendants()
          continue
        }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
          found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
        }
      }
      files += found.sorted()
    }
    return files
  }
}
