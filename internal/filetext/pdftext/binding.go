package pdftext

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"

	"github.com/klippa-app/go-pdfium"
	"github.com/tetratelabs/wazero/api"
)

// binding calls PDFium's exported C functions in one instance directly.
// go-pdfium's request API allocates and frees out-parameters in the
// instance's memory and takes a lock on every call: nine calls into the
// module per character where one does. go-pdfium still compiles,
// instantiates, pools and kills the instances. A binding lives as long as
// its instance and serves one read at a time.
type binding struct {
	ctx     context.Context // the read's: calls stop when it ends
	mem     api.Memory
	fns     map[string]api.Function
	scratch uint32 // 16 bytes of the instance's memory for out-parameters
}

// exports are the functions the binding calls.
var exports = []string{
	"malloc", "free",
	"FPDF_LoadMemDocument", "FPDF_GetLastError", "FPDF_CloseDocument", "FPDF_GetPageCount",
	"FPDF_LoadPage", "FPDF_ClosePage",
	"FPDFText_LoadPage", "FPDFText_ClosePage", "FPDFText_CountChars", "FPDFText_GetUnicode", "FPDFText_GetText",
	"FPDFText_GetLooseCharBox", "FPDFText_GetCharOrigin", "FPDFText_GetFontSize", "FPDFText_IsGenerated",
	"FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType",
}

// moduleOf reaches the module behind a go-pdfium instance. Its
// implementation type lives in an internal package, so its exported Module
// field is reached by reflection; a go-pdfium upgrade that changes it fails
// here, and in the tests, not later. The module compares equal for the
// same instance (go-pdfium says so), so it keys the bindings.
func moduleOf(inst pdfium.Pdfium) (any, error) {
	v := reflect.ValueOf(inst.GetImplementation())
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("go-pdfium implementation is a %s, not a struct pointer", v.Kind())
	}
	field := v.Elem().FieldByName("Module")
	if !field.IsValid() || !field.CanInterface() {
		return nil, errors.New("go-pdfium implementation has no exported Module")
	}
	return field.Interface(), nil
}

// bind makes a binding to the module: its memory, the functions it
// exports (looking one up costs wazero a new call engine, so each is
// looked up once per instance) and the scratch memory.
func bind(ctx context.Context, module any) (*binding, error) {
	mod := reflect.ValueOf(module)
	memory := mod.MethodByName("Memory")
	exported := mod.MethodByName("ExportedFunction")
	if !memory.IsValid() || !exported.IsValid() {
		return nil, errors.New("go-pdfium module lacks Memory or ExportedFunction")
	}
	mem, ok := memory.Call(nil)[0].Interface().(api.Memory)
	if !ok {
		return nil, errors.New("go-pdfium module's memory is no wazero memory")
	}
	b := &binding{ctx: ctx, mem: mem, fns: map[string]api.Function{}}
	for _, name := range exports {
		out := exported.Call([]reflect.Value{reflect.ValueOf(name)})[0]
		f, ok := out.Interface().(api.Function)
		if out.IsNil() || !ok {
			return nil, fmt.Errorf("PDFium exports no %s", name)
		}
		b.fns[name] = f
	}
	p, err := b.call("malloc", 16)
	if err != nil || p == 0 {
		return nil, fmt.Errorf("PDFium: no memory for out-parameters: %v", err)
	}
	b.scratch = uint32(p)
	return b, nil
}

// callError is a call into the module that failed: a trap, memory
// exhausted, or the context ended. The instance is not to be used again.
type callError struct{ err error }

func (e *callError) Error() string { return e.err.Error() }
func (e *callError) Unwrap() error { return e.err }

// call calls an exported function and returns its result (0 for none).
func (b *binding) call(name string, params ...uint64) (uint64, error) {
	res, err := b.fns[name].Call(b.ctx, params...)
	if err != nil {
		return 0, &callError{fmt.Errorf("%s: %w", name, err)}
	}
	if len(res) == 0 {
		return 0, nil
	}
	return res[0], nil
}

// int32 calls a function returning a C int.
func (b *binding) int32(name string, params ...uint64) (int32, error) {
	r, err := b.call(name, params...)
	return int32(uint32(r)), err
}

// open loads a document from the bytes, copied into the instance. The
// returned function frees both.
func (b *binding) open(data []byte) (doc uint64, closeDoc func(), err error) {
	buf, err := b.call("malloc", uint64(max(len(data), 1)))
	if err != nil {
		return 0, nil, err
	}
	if buf == 0 {
		return 0, nil, fmt.Errorf("no memory for a file of %d bytes: %w", len(data), ErrTooLarge)
	}
	if !b.mem.Write(uint32(buf), data) {
		b.call("free", buf)
		return 0, nil, fmt.Errorf("writing %d bytes into the instance failed", len(data))
	}
	doc, err = b.call("FPDF_LoadMemDocument", buf, uint64(len(data)), 0)
	if err == nil && uint32(doc) == 0 {
		code, _ := b.int32("FPDF_GetLastError")
		switch code {
		case 4, 5: // FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
			err = ErrEncrypted
		default:
			err = fmt.Errorf("PDFium error %d: %w", code, ErrDamaged)
		}
	}
	if err != nil {
		b.call("free", buf)
		return 0, nil, err
	}
	return doc, func() {
		b.call("FPDF_CloseDocument", doc)
		b.call("free", buf)
	}, nil
}

// looseBox returns a character's advance box: left, right, bottom, top.
func (b *binding) looseBox(textPage uint64, i int) (l, r, bottom, top float64, err error) {
	ok, err := b.int32("FPDFText_GetLooseCharBox", textPage, uint64(i), uint64(b.scratch))
	if err != nil || ok == 0 {
		return 0, 0, 0, 0, err
	}
	// FS_RECTF: left, top, right, bottom as float32
	f := func(off uint32) float64 {
		v, _ := b.mem.ReadFloat32Le(b.scratch + off)
		return float64(v)
	}
	return f(0), f(8), f(12), f(4), nil
}

// text returns the characters of a page, one rune per character index,
// from one call (FPDFText_GetText writes UTF-16). A character outside the
// Basic Multilingual Plane takes two UTF-16 units and breaks the
// alignment of units and indexes; then each is asked for on its own.
func (b *binding) text(textPage uint64, count int) ([]rune, error) {
	size := uint64(count+1) * 2
	buf, err := b.call("malloc", size)
	if err != nil || buf == 0 {
		return nil, fmt.Errorf("no memory for %d characters: %w", count, err)
	}
	defer b.call("free", buf)
	n, err := b.int32("FPDFText_GetText", textPage, 0, uint64(count), buf)
	if err != nil {
		return nil, err
	}
	raw, ok := b.mem.Read(uint32(buf), uint32(size))
	if !ok {
		return nil, errors.New("FPDFText_GetText: buffer outside memory")
	}
	out := make([]rune, count)
	for i := range out {
		u := rune(binary.LittleEndian.Uint16(raw[2*i:]))
		if u >= 0xD800 && u <= 0xDFFF || int(n) != count+1 {
			return b.eachUnicode(textPage, count)
		}
		out[i] = u
	}
	return out, nil
}

// eachUnicode asks for each character's code point on its own.
func (b *binding) eachUnicode(textPage uint64, count int) ([]rune, error) {
	out := make([]rune, count)
	for i := range out {
		u, err := b.call("FPDFText_GetUnicode", textPage, uint64(i))
		if err != nil {
			return nil, err
		}
		out[i] = rune(uint32(u))
	}
	return out, nil
}

// fontSize returns a character's font size in points.
func (b *binding) fontSize(textPage uint64, i int) float64 {
	r, err := b.call("FPDFText_GetFontSize", textPage, uint64(i))
	if err != nil {
		return 0
	}
	return api.DecodeF64(r)
}
