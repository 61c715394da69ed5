package test

import (
	"testing"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestMain(m *testing.M) { cdktest.Main(m) }
