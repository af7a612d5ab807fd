package app

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/tsgen"
)

var update = flag.Bool("update", false, "write "+typesFile+" from the Go types")

const typesFile = "../frontend/src/api/types.gen.ts"

// TestGeneratedTypes fails when the Go side of the UI API changed and the
// frontend's types were not written again (make types).
func TestGeneratedTypes(t *testing.T) {
	got, err := tsgen.Generate(tsgen.API{Bindings: Bindings(nil), Events: paperboy.Payloads, Codes: paper.Codes})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(typesFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(typesFile)
	if err != nil {
		t.Fatalf("%v: run make types", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the Go types of the UI API: run make types, and commit it", typesFile)
	}
}
