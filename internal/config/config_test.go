package config

import (
	"testing"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name             string
		flagDir, flagAPI string
		env              map[string]string
		wantDir, wantAPI string
	}{
		{name: "defaults from XDG", env: map[string]string{"XDG_DATA_HOME": "/xdg"},
			wantDir: "/xdg/paperboy", wantAPI: DefaultAPI},
		{name: "home fallback", env: map[string]string{"HOME": "/home/u"},
			wantDir: "/home/u/.local/share/paperboy", wantAPI: DefaultAPI},
		{name: "env overrides", env: map[string]string{"PAPERBOY_DATA_DIR": "/data", "PAPERBOY_API": "http://127.0.0.1:1"},
			wantDir: "/data", wantAPI: "http://127.0.0.1:1"},
		{name: "flags beat env", flagDir: "/flag", flagAPI: "http://x",
			env:     map[string]string{"PAPERBOY_DATA_DIR": "/data", "PAPERBOY_API": "http://y"},
			wantDir: "/flag", wantAPI: "http://x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"XDG_DATA_HOME", "PAPERBOY_DATA_DIR", "PAPERBOY_API", "HOME"} {
				t.Setenv(k, tt.env[k])
			}
			got, err := Resolve(tt.flagDir, tt.flagAPI)
			if err != nil {
				t.Fatal(err)
			}
			if got.DataDir != tt.wantDir || got.API != tt.wantAPI {
				t.Errorf("got (%q, %q), want (%q, %q)", got.DataDir, got.API, tt.wantDir, tt.wantAPI)
			}
		})
	}
}
