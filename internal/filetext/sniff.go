package filetext

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"
)

// The types Extract reads.
const (
	MimePDF  = "application/pdf"
	MimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MimeODT  = "application/vnd.oasis.opendocument.text"
	MimeHTML = "text/html"
	MimeText = "text/plain"
)

// Sniff returns the type of a file from its bytes: PDF by its header in
// the first kilobyte (readers allow junk before it), DOCX and ODT by their
// archive's entries, HTML and plain text as browsers sniff them, and what
// net/http knows for the rest ("image/png", "application/zip", …). It
// never looks at a name or a declared type.
func Sniff(data []byte) string {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return MimePDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "application/x-ole-storage" // .doc, .xls, .ppt, .msg
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return "application/rtf"
	}
	t, _, _ := strings.Cut(http.DetectContentType(data), ";")
	switch {
	case t == MimeHTML:
		return MimeHTML
	case t == MimeText:
		if looksLikeHTML(head) {
			return MimeHTML
		}
		return MimeText
	case t == "text/xml" && looksLikeHTML(head):
		return MimeHTML // XHTML
	}
	return t
}

// sniffZip tells the word processor formats from other archives by the
// entries office formats must have.
func sniffZip(data []byte) string {
	// A directory too large to read cheaply is still a zip; the office
	// reader refuses it with a reason.
	if checkZipSize(data) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			for _, f := range zr.File {
				switch f.Name {
				case "mimetype":
					if f.Method == zip.Store && f.UncompressedSize64 < 100 {
						if rc, err := f.Open(); err == nil {
							var b [100]byte
							n, _ := rc.Read(b[:])
							rc.Close()
							if mt := strings.TrimSpace(string(b[:n])); strings.HasPrefix(mt, "application/vnd.oasis.opendocument.") {
								return mt
							}
						}
					}
				case "word/document.xml":
					return MimeDOCX
				case "xl/workbook.xml":
					return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				case "ppt/presentation.xml":
					return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
				}
			}
		}
	}
	// Word writes [Content_Types].xml first; its main part may sit
	// elsewhere than word/document.xml
	if bytes.Contains(data[:min(len(data), 4096)], []byte("[Content_Types].xml")) &&
		bytes.Contains(data, []byte("wordprocessingml.document.main")) {
		return MimeDOCX
	}
	return "application/zip"
}

// checkZipSize reports whether the archive's directory is small enough to
// read while sniffing.
func checkZipSize(data []byte) bool {
	i := bytes.LastIndex(data[max(0, len(data)-65557):], []byte("PK\x05\x06"))
	if i < 0 {
		return false
	}
	i += max(0, len(data)-65557)
	return i+12 <= len(data) && int(data[i+10])|int(data[i+11])<<8 <= DefaultLimits.MaxEntries
}

// looksLikeHTML finds an HTML tag near the start of a text.
func looksLikeHTML(head []byte) bool {
	h := strings.ToLower(string(head))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<title", "<p>", "<div", "<table"} {
		if strings.Contains(h, tag) {
			return true
		}
	}
	return false
}

// extensionTypes are the types a file name's extension claims.
var extensionTypes = map[string]string{
	".pdf": MimePDF, ".docx": MimeDOCX, ".odt": MimeODT,
	".html": MimeHTML, ".htm": MimeHTML, ".txt": MimeText,
}

// claimMismatch says how a file's name and its bytes disagree, or "".
func claimMismatch(name, sniffed string) string {
	ext := strings.ToLower(path.Ext(strings.SplitN(name, "?", 2)[0]))
	claimed, ok := extensionTypes[ext]
	if !ok || claimed == sniffed {
		return ""
	}
	return "named " + ext + " but is " + sniffed
}
