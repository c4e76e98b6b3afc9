package filetext

// inertTypes are the types a browser shows or downloads without running
// anything of the file on the page's site, and their usual extensions.
// HTML, XHTML, SVG and XML can carry script, and plain text may be sniffed
// as HTML by an old browser: none of them is here.
var inertTypes = map[string]string{
	MimePDF:  ".pdf",
	MimeDOCX: ".docx",
	MimeODT:  ".odt",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
	"application/vnd.oasis.opendocument.spreadsheet":                            ".ods",
	"application/vnd.oasis.opendocument.presentation":                           ".odp",
	"application/vnd.oasis.opendocument.graphics":                               ".odg",
	"application/rtf": ".rtf",
	"application/zip": ".zip",
	"image/png":       ".png",
	"image/jpeg":      ".jpg",
	"image/gif":       ".gif",
	"image/tiff":      ".tif",
	"image/webp":      ".webp",
}

// InertExtension returns the extension under which a file of the sniffed
// type (see Sniff) can be published on a website as it is — a browser
// shows or downloads it, and runs nothing of it on the site —, or "" for
// a type that must not be: HTML, SVG, XML, text, and types unknown. A
// legacy Office file (application/x-ole-storage) has no one extension.
func InertExtension(mimeType string) string {
	return inertTypes[mimeType]
}
