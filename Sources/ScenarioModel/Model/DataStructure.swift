package import Foundation

/// A data store's declared structure (Make's data structure), from a `NAME.datastore.yaml` file
/// beside the scenarios that use the store: its field names and types, and an optional size limit.
/// Records written to the store are checked and coerced against it (docs/datastores.md).
package struct DataStructure: Sendable, Hashable {
  /// The types of Make's data structure fields.
  package enum FieldType: String, Sendable, Hashable, CaseIterable {
    case text, number, boolean, date, array, collection
  }

  package struct Field: Sendable, Hashable {
    package var name: String
    package var type: FieldType
    package var location: SourceLocation

    package init(name: String, type: FieldType, location: SourceLocation) {
      self.name = name
      self.type = type
      self.location = location
    }
  }

  /// The store's name.
  package var name: String
  package var fields: [Field]
  /// The store's largest size in bytes of keys and fields, nil for no limit.
  package var maxBytes: Int?
  package var location: SourceLocation

  package init(name: String, fields: [Field], maxBytes: Int?, location: SourceLocation) {
    self.name = name
    self.fields = fields
    self.maxBytes = maxBytes
    self.location = location
  }

  package func field(named name: String) -> Field? { fields.first { $0.name == name } }

  /// The file name suffix of structure files.
  package static let fileSuffix = ".datastore.yaml"

  /// The structures declared in the folder of `scenarioPath` (every `*.datastore.yaml` there), by
  /// store name, with the problems found in their files.
  package static func beside(_ scenarioPath: String) -> (structures: [String: DataStructure], diagnostics: [Diagnostic])
  {
    declared(in: folder(of: scenarioPath))
  }

  /// The structures beside each of `scenarioPaths`, in order, reading each folder once (a folder
  /// of many scenarios is listed and its structure files parsed once, not once per scenario). The
  /// problems found in a folder's structure files come with the first of its scenarios only, so a
  /// broken structure file is reported once.
  package static func beside(
    each scenarioPaths: [String]
  ) -> [(
    structures: [String: DataStructure], diagnostics: [Diagnostic]
  )] {
    var folders: [String: [String: DataStructure]] = [:]
    return scenarioPaths.map { path in
      let folder = folder(of: path)
      if let structures = folders[folder] { return (structures, []) }
      let read = declared(in: folder)
      folders[folder] = read.structures
      return read
    }
  }

  /// The folder whose structure files apply to `scenarioPath`, as the user wrote it (relative
  /// stays relative, for the diagnostics).
  private static func folder(of scenarioPath: String) -> String {
    (scenarioPath as NSString).deletingLastPathComponent
  }

  /// The structures declared in `folder` (every `*.datastore.yaml` there), by store name, with the
  /// problems found in their files.
  private static func declared(
    in folder: String
  ) -> (
    structures: [String: DataStructure], diagnostics: [Diagnostic]
  ) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
    var structures: [String: DataStructure] = [:]
    var diagnostics: [Diagnostic] = []
    for name in names.sorted() where name.hasSuffix(fileSuffix) {
      let path = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
      let parsed = DataStructureParser.parse(contentsOf: path)
      diagnostics += parsed.diagnostics
      guard let structure = parsed.structure else { continue }
      if let first = structures[structure.name] {
        diagnostics.append(
          Diagnostic(
            id: "datastore.duplicateStructure", location: structure.location,
            message: "data store '\(structure.name)' is already declared in \(first.location.file)"))
        continue
      }
      structures[structure.name] = structure
    }
    return (structures, diagnostics)
  }
}
