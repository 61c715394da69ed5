package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Todo is one item as the API shows it.
type Todo struct {
	ID   string `json:"id"`
	Data string `json:"data"`
}

// The table, as the todo stack creates it (TableSchema says the same for
// tests and local runs):
//
//   - key "id" (string): a todo's 8-character id, or "idem#<key>" for the
//     record of an Idempotency-Key;
//   - a todo also holds "data", "created" (RFC 3339, nanoseconds) and
//     "list" (always "todo"), the keys of the index byCreated that lists
//     todos oldest first, a page at a time;
//   - an idempotency record holds "todo" (the todo's id), "digest" (SHA-256
//     of its data) and "expires" (Unix seconds: the table's time to live
//     removes it a day later).
const (
	IndexByCreated = "byCreated"
	listValue      = "todo"
	idemPrefix     = "idem#"
	idemLifetime   = 24 * time.Hour
)

var (
	// errNotFound is returned by get for an unknown id.
	errNotFound = errors.New("todo not found")
	// errKeyReused is returned by put for an Idempotency-Key already used
	// with other data.
	errKeyReused = errors.New("idempotency key reused with other data")
	// errBadCursor is returned by list for a cursor it did not make.
	errBadCursor = errors.New("bad cursor")
)

// store keeps todos in one DynamoDB table.
type store struct {
	db    *dynamodb.Client
	table string
}

// TableSchema is the table the todo stack creates, for tests and local runs.
func TableSchema(name string) *dynamodb.CreateTableInput {
	s := func(n string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS}
	}
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{s("id"), s("list"), s("created")},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName: aws.String(IndexByCreated),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String("list"), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String("created"), KeyType: types.KeyTypeRange},
			},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
		BillingMode: types.BillingModePayPerRequest,
	}
}

func newID() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// NewKey makes an Idempotency-Key for a request that came without one.
func NewKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func str(v types.AttributeValue) string {
	if s, ok := v.(*types.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}

func digest(data string) string {
	sum := sha256.Sum256([]byte(data))
	return hex.EncodeToString(sum[:])
}

// put stores a todo once per idempotency key: the todo and the key's
// record are written in one transaction, so a key either names exactly one
// stored todo or none. A key seen before returns its todo (replayed true).
func (s *store) put(ctx context.Context, data, key string) (t Todo, replayed bool, err error) {
	if t, ok, err := s.replay(ctx, key, data); err != nil || ok {
		return t, ok, err
	}
	for range 3 {
		id, err := newID()
		if err != nil {
			return Todo{}, false, err
		}
		now := time.Now().UTC()
		_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName: aws.String(s.table),
				Item: map[string]types.AttributeValue{
					"id":      &types.AttributeValueMemberS{Value: id},
					"data":    &types.AttributeValueMemberS{Value: data},
					"created": &types.AttributeValueMemberS{Value: now.Format(time.RFC3339Nano)},
					"list":    &types.AttributeValueMemberS{Value: listValue},
				},
				ConditionExpression: aws.String("attribute_not_exists(id)"),
			}},
			{Put: &types.Put{
				TableName: aws.String(s.table),
				Item: map[string]types.AttributeValue{
					"id":      &types.AttributeValueMemberS{Value: idemPrefix + key},
					"todo":    &types.AttributeValueMemberS{Value: id},
					"digest":  &types.AttributeValueMemberS{Value: digest(data)},
					"expires": &types.AttributeValueMemberN{Value: strconv.FormatInt(now.Add(idemLifetime).Unix(), 10)},
				},
				ConditionExpression: aws.String("attribute_not_exists(id)"),
			}},
		}})
		var canceled *types.TransactionCanceledException
		switch {
		case errors.As(err, &canceled) && failed(canceled, 1):
			// The same key, stored by a concurrent request.
			t, ok, err := s.replay(ctx, key, data)
			if err == nil && !ok {
				err = fmt.Errorf("storing todo: key %s taken but not readable", key)
			}
			return t, ok, err
		case errors.As(err, &canceled) && failed(canceled, 0):
			continue // an id that exists: draw another
		case err != nil:
			return Todo{}, false, fmt.Errorf("storing todo: %w", err)
		}
		return Todo{ID: id, Data: data}, false, nil
	}
	return Todo{}, false, errors.New("storing todo: no free id after 3 tries")
}

// failed reports whether item i of a cancelled transaction failed its
// condition.
func failed(e *types.TransactionCanceledException, i int) bool {
	return len(e.CancellationReasons) > i && aws.ToString(e.CancellationReasons[i].Code) == "ConditionalCheckFailed"
}

// replay returns the todo an idempotency key stored, if any.
func (s *store) replay(ctx context.Context, key, data string) (Todo, bool, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: idemPrefix + key}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Todo{}, false, fmt.Errorf("reading idempotency key: %w", err)
	}
	if out.Item == nil {
		return Todo{}, false, nil
	}
	if str(out.Item["digest"]) != digest(data) {
		return Todo{}, false, errKeyReused
	}
	t, err := s.get(ctx, str(out.Item["todo"]))
	return t, err == nil, err
}

func (s *store) get(ctx context.Context, id string) (Todo, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Todo{}, fmt.Errorf("reading todo %s: %w", id, err)
	}
	if out.Item == nil {
		return Todo{}, errNotFound
	}
	return Todo{ID: str(out.Item["id"]), Data: str(out.Item["data"])}, nil
}

// list returns up to limit todos, oldest first, after the cursor of a
// previous page ("" for the first), and the cursor of the next page ("" at
// the end). The index is eventually consistent: a todo just stored shows
// in the list within about a second (get reads it at once).
func (s *store) list(ctx context.Context, limit int32, cursor string) ([]Todo, string, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(IndexByCreated),
		KeyConditionExpression:    aws.String("#l = :l"),
		ExpressionAttributeNames:  map[string]string{"#l": "list"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":l": &types.AttributeValueMemberS{Value: listValue}},
		Limit:                     aws.Int32(limit),
	}
	if cursor != "" {
		start, err := decodeCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		in.ExclusiveStartKey = start
	}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return nil, "", fmt.Errorf("listing todos: %w", err)
	}
	todos := make([]Todo, 0, len(out.Items))
	for _, it := range out.Items {
		todos = append(todos, Todo{ID: str(it["id"]), Data: str(it["data"])})
	}
	next := ""
	if len(out.LastEvaluatedKey) > 0 {
		next = encodeCursor(out.LastEvaluatedKey)
	}
	return todos, next, nil
}

// A cursor is the page's last key, as JSON, base64url: opaque to clients,
// checked when it comes back.
var cursorKeys = []string{"id", "list", "created"}

func encodeCursor(key map[string]types.AttributeValue) string {
	m := map[string]string{}
	for _, k := range cursorKeys {
		m[k] = str(key[k])
	}
	raw, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(c string) (map[string]types.AttributeValue, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	var m map[string]string
	if err != nil || json.Unmarshal(raw, &m) != nil || len(m) != len(cursorKeys) || m["list"] != listValue {
		return nil, errBadCursor
	}
	key := map[string]types.AttributeValue{}
	for _, k := range cursorKeys {
		if m[k] == "" {
			return nil, errBadCursor
		}
		key[k] = &types.AttributeValueMemberS{Value: m[k]}
	}
	return key, nil
}
