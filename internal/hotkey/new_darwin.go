package hotkey

import "context"

// New returns the Registrar for macOS, which Paperboy does not support yet: Register explains
// how to bind the key by hand. Its error is only ever ctx's.
func New(ctx context.Context) (Registrar, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return newUnsupported("macOS is not supported yet"), nil
}
