//! Just enough ONNX to run BlazeFace: a protobuf reader for the model file
//! and an interpreter for the nine operators its graph uses (Conv, Relu,
//! Add, MaxPool, Transpose, Reshape, Concat, ConstantOfShape), on float
//! tensors with a batch of one.
//!
//! Written here rather than taken from an inference crate: `tract-onnx`
//! runs this model, but takes about 5.5 minutes to compile on a two-core
//! machine, three times per `make test`, and adds 2 MB of gzipped wasm;
//! this graph needs a few hundred lines. The model is Silbato's own data
//! file, but it is still read as untrusted bytes: every size is checked,
//! and a model this reader does not understand is an error, not a panic.

use std::collections::HashMap;

use crate::{Error, Result};

fn bad(what: impl Into<String>) -> Error {
    Error::invalid_argument(format!("the face model cannot be read: {}", what.into()))
}

/// Largest tensor the interpreter makes (floats): 64 MB.
const MAX_ELEMENTS: usize = 16 << 20;
/// Most floats alive at once while a graph runs: 256 MB (BlazeFace needs
/// about 3 MB).
const MAX_LIVE: usize = 4 * MAX_ELEMENTS;

// ---- Protobuf ----

enum Value<'a> {
    Varint(u64),
    Fixed32(u32),
    Bytes(&'a [u8]),
}

/// The fields of one protobuf message, in order.
fn fields(mut buf: &[u8]) -> Result<Vec<(u32, Value<'_>)>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let key = varint(&mut buf)?;
        let (field, wire) = ((key >> 3) as u32, key & 7);
        let value = match wire {
            0 => Value::Varint(varint(&mut buf)?),
            1 => {
                let (_, rest) = split(buf, 8)?;
                buf = rest;
                continue;
            }
            2 => {
                let len = usize::try_from(varint(&mut buf)?).map_err(|_| bad("a field is too long"))?;
                let (bytes, rest) = split(buf, len)?;
                buf = rest;
                Value::Bytes(bytes)
            }
            5 => {
                let (bytes, rest) = split(buf, 4)?;
                buf = rest;
                Value::Fixed32(bytes.try_into().map_or(0, u32::from_le_bytes))
            }
            _ => return Err(bad(format!("wire type {wire}"))),
        };
        out.push((field, value));
    }
    Ok(out)
}

fn split(buf: &[u8], n: usize) -> Result<(&[u8], &[u8])> {
    if n > buf.len() {
        return Err(bad("truncated"));
    }
    Ok(buf.split_at(n))
}

fn varint(buf: &mut &[u8]) -> Result<u64> {
    let mut v = 0u64;
    for i in 0..10 {
        let (&b, rest) = buf.split_first().ok_or_else(|| bad("truncated"))?;
        *buf = rest;
        v |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err(bad("a number is too long"))
}

fn text(v: &Value) -> Result<String> {
    match v {
        Value::Bytes(b) => String::from_utf8(b.to_vec()).map_err(|_| bad("a name is not UTF-8")),
        _ => Err(bad("a name is not text")),
    }
}

/// Repeated integers, packed or not.
fn ints(v: &Value, out: &mut Vec<i64>) -> Result<()> {
    match v {
        Value::Varint(n) => out.push(*n as i64),
        Value::Bytes(mut b) => {
            while !b.is_empty() {
                out.push(varint(&mut b)? as i64);
            }
        }
        Value::Fixed32(_) => return Err(bad("integers are not varints")),
    }
    Ok(())
}

// ---- The model ----

#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Tensor> {
        let n = elements(&shape)?;
        if n != data.len() {
            return Err(bad(format!("a tensor of shape {shape:?} has {} values", data.len())));
        }
        Ok(Tensor { shape, data })
    }
}

fn elements(shape: &[usize]) -> Result<usize> {
    shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMENTS)
        .ok_or_else(|| bad(format!("a tensor of shape {shape:?} is too large")))
}

#[derive(Clone, Debug)]
enum Init {
    Float(Tensor),
    Ints(Vec<i64>),
}

#[derive(Debug, Default)]
struct Node {
    op: String,
    inputs: Vec<String>,
    outputs: Vec<String>,
    ints: HashMap<String, Vec<i64>>,
}

/// A loaded graph, ready to run.
#[derive(Debug)]
pub struct Graph {
    nodes: Vec<Node>,
    inits: HashMap<String, Init>,
    input: String,
    outputs: Vec<String>,
    /// For each value, the index of the last node that reads it.
    last_use: HashMap<String, usize>,
}

fn tensor(bytes: &[u8]) -> Result<(String, Init)> {
    let (mut name, mut dims, mut kind, mut raw, mut floats, mut longs) = (String::new(), Vec::new(), 0u64, None, Vec::new(), Vec::new());
    for (f, v) in fields(bytes)? {
        match (f, &v) {
            (1, _) => ints(&v, &mut dims)?,
            (2, Value::Varint(k)) => kind = *k,
            (4, Value::Bytes(b)) => floats.extend(b.chunks_exact(4).map(|c| c.try_into().map_or(0.0, f32::from_le_bytes))),
            (4, Value::Fixed32(x)) => floats.push(f32::from_bits(*x)),
            (7, _) => ints(&v, &mut longs)?,
            (8, _) => name = text(&v)?,
            (9, Value::Bytes(b)) => raw = Some(*b),
            _ => {}
        }
    }
    let shape: Vec<usize> = dims.iter().map(|&d| usize::try_from(d).map_err(|_| bad("a negative size"))).collect::<Result<_>>()?;
    let init = match kind {
        1 => {
            if let Some(raw) = raw {
                floats = raw.chunks_exact(4).map(|c| c.try_into().map_or(0.0, f32::from_le_bytes)).collect();
            }
            Init::Float(Tensor::new(shape, floats)?)
        }
        7 => {
            if let Some(raw) = raw {
                longs = raw.chunks_exact(8).map(|c| c.try_into().map_or(0, i64::from_le_bytes)).collect();
            }
            Init::Ints(longs)
        }
        other => return Err(bad(format!("tensor {name} has data type {other}"))),
    };
    Ok((name, init))
}

fn node(bytes: &[u8]) -> Result<Node> {
    let mut n = Node::default();
    for (f, v) in fields(bytes)? {
        match f {
            1 => n.inputs.push(text(&v)?),
            2 => n.outputs.push(text(&v)?),
            4 => n.op = text(&v)?,
            5 => {
                let Value::Bytes(b) = v else { return Err(bad("an attribute is not a message")) };
                let (mut name, mut values) = (String::new(), Vec::new());
                for (af, av) in fields(b)? {
                    match af {
                        1 => name = text(&av)?,
                        3 | 8 => ints(&av, &mut values)?,
                        _ => {}
                    }
                }
                n.ints.insert(name, values);
            }
            _ => {}
        }
    }
    Ok(n)
}

fn value_name(bytes: &[u8]) -> Result<String> {
    for (f, v) in fields(bytes)? {
        if f == 1 {
            return text(&v);
        }
    }
    Err(bad("a graph input has no name"))
}

impl Graph {
    /// Read an ONNX model (one input, float tensors, the operators above).
    pub fn from_onnx(model: &[u8]) -> Result<Graph> {
        let graph = fields(model)?
            .into_iter()
            .find_map(|(f, v)| match (f, v) {
                (7, Value::Bytes(b)) => Some(b),
                _ => None,
            })
            .ok_or_else(|| bad("no graph"))?;
        let (mut nodes, mut inits, mut inputs, mut outputs) = (Vec::new(), HashMap::new(), Vec::new(), Vec::new());
        for (f, v) in fields(graph)? {
            let Value::Bytes(b) = v else { continue };
            match f {
                1 => nodes.push(node(b)?),
                5 => {
                    let (name, init) = tensor(b)?;
                    inits.insert(name, init);
                }
                11 => inputs.push(value_name(b)?),
                12 => outputs.push(value_name(b)?),
                _ => {}
            }
        }
        let input = inputs.into_iter().find(|i| !inits.contains_key(i)).ok_or_else(|| bad("no input"))?;
        let mut last_use = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            const KNOWN: [&str; 8] = ["Conv", "Relu", "Add", "MaxPool", "Transpose", "Reshape", "Concat", "ConstantOfShape"];
            if !KNOWN.contains(&n.op.as_str()) {
                return Err(bad(format!("operator {} is not supported", n.op)));
            }
            for name in &n.inputs {
                last_use.insert(name.clone(), i);
            }
        }
        Ok(Graph { nodes, inits, input, outputs, last_use })
    }

    /// Run the graph on `input`; the outputs in the graph's order.
    pub fn run(&self, input: Tensor) -> Result<Vec<Tensor>> {
        let mut values: HashMap<&str, Tensor> = HashMap::new();
        values.insert(&self.input, input);
        for (i, n) in self.nodes.iter().enumerate() {
            let out = self.step(n, &values)?;
            let name = n.outputs.first().ok_or_else(|| bad("a node has no output"))?;
            for input in &n.inputs {
                if self.last_use.get(input) == Some(&i) && !self.outputs.contains(input) {
                    values.remove(input.as_str());
                }
            }
            values.insert(name, out);
            if values.values().map(|t| t.data.len()).sum::<usize>() > MAX_LIVE {
                return Err(bad("the graph holds too much at once"));
            }
        }
        self.outputs.iter().map(|o| values.remove(o.as_str()).ok_or_else(|| bad(format!("output {o} was not computed")))).collect()
    }

    fn float<'a>(&'a self, values: &'a HashMap<&str, Tensor>, name: &str) -> Result<&'a Tensor> {
        values
            .get(name)
            .or(match self.inits.get(name) {
                Some(Init::Float(t)) => Some(t),
                _ => None,
            })
            .ok_or_else(|| bad(format!("value {name} is missing")))
    }

    fn longs(&self, name: &str) -> Result<&[i64]> {
        match self.inits.get(name) {
            Some(Init::Ints(v)) => Ok(v),
            _ => Err(bad(format!("{name} is not a constant list of integers"))),
        }
    }

    fn step(&self, n: &Node, values: &HashMap<&str, Tensor>) -> Result<Tensor> {
        let name = |k: usize| n.inputs.get(k).ok_or_else(|| bad(format!("{} lacks input {k}", n.op)));
        let input = |k: usize| self.float(values, name(k)?);
        let attr = |name: &str| n.ints.get(name).map(Vec::as_slice);
        match n.op.as_str() {
            "Relu" => {
                let x = input(0)?;
                Ok(Tensor { shape: x.shape.clone(), data: x.data.iter().map(|v| v.max(0.0)).collect() })
            }
            "Add" => {
                let (a, b) = (input(0)?, input(1)?);
                if a.shape != b.shape {
                    return Err(bad(format!("Add of {:?} and {:?}", a.shape, b.shape)));
                }
                Ok(Tensor { shape: a.shape.clone(), data: a.data.iter().zip(&b.data).map(|(x, y)| x + y).collect() })
            }
            "Concat" => {
                // Along channels with a batch of one: the data one after the other.
                let (a, b) = (input(0)?, input(1)?);
                if attr("axis") != Some(&[1])
                    || a.shape.len() != 4
                    || b.shape.len() != 4
                    || a.shape[0] != 1
                    || b.shape[0] != 1
                    || a.shape[2..] != b.shape[2..]
                {
                    return Err(bad("Concat other than of channels"));
                }
                let mut shape = a.shape.clone();
                shape[1] += b.shape[1];
                Tensor::new(shape, [a.data.as_slice(), b.data.as_slice()].concat())
            }
            "ConstantOfShape" => {
                let shape: Vec<usize> =
                    self.longs(name(0)?)?.iter().map(|&d| usize::try_from(d).map_err(|_| bad("a negative size"))).collect::<Result<_>>()?;
                Ok(Tensor { data: vec![0.0; elements(&shape)?], shape })
            }
            "Reshape" => {
                let x = input(0)?;
                let wanted = self.longs(name(1)?)?;
                // 0 keeps the input's size, -1 takes what is left.
                let dim = |i: usize, d: i64| if d == 0 { Some(x.shape.get(i).copied().unwrap_or(1)) } else { usize::try_from(d).ok() };
                let known = wanted
                    .iter()
                    .enumerate()
                    .filter(|(_, &d)| d >= 0)
                    .try_fold(1usize, |a, (i, &d)| a.checked_mul(dim(i, d)?))
                    .ok_or_else(|| bad("a bad Reshape"))?;
                let shape: Vec<usize> =
                    wanted.iter().enumerate().map(|(i, &d)| if d < 0 { x.data.len() / known.max(1) } else { dim(i, d).unwrap_or(0) }).collect();
                Tensor::new(shape, x.data.clone())
            }
            "Transpose" => transpose(input(0)?, attr("perm").ok_or_else(|| bad("Transpose without perm"))?),
            "MaxPool" => {
                if attr("kernel_shape") != Some(&[2, 2])
                    || attr("strides") != Some(&[2, 2])
                    || attr("pads").is_some_and(|p| p.iter().any(|&v| v != 0))
                {
                    return Err(bad("MaxPool other than 2x2"));
                }
                max_pool(input(0)?)
            }
            "Conv" => {
                let (x, w) = (input(0)?, input(1)?);
                let bias = if n.inputs.len() > 2 { Some(input(2)?) } else { None };
                let pads = attr("pads").unwrap_or(&[0, 0, 0, 0]);
                let strides = attr("strides").unwrap_or(&[1, 1]);
                if attr("dilations").is_some_and(|d| d != [1, 1]) || pads.len() != 4 || strides.len() != 2 {
                    return Err(bad("Conv with dilations or odd padding"));
                }
                let group = attr("group").and_then(|g| g.first()).copied().unwrap_or(1);
                let u = |v: i64| usize::try_from(v).map_err(|_| bad("a negative Conv setting"));
                conv(x, w, bias, [u(strides[0])?, u(strides[1])?], [u(pads[0])?, u(pads[1])?, u(pads[2])?, u(pads[3])?], u(group)?)
            }
            other => Err(bad(format!("operator {other} is not supported"))),
        }
    }
}

fn transpose(x: &Tensor, perm: &[i64]) -> Result<Tensor> {
    let rank = x.shape.len();
    let perm: Vec<usize> =
        perm.iter().map(|&p| usize::try_from(p).ok().filter(|&p| p < rank)).collect::<Option<_>>().ok_or_else(|| bad("a bad Transpose"))?;
    if perm.len() != rank || rank > 6 {
        return Err(bad("a bad Transpose"));
    }
    let shape: Vec<usize> = perm.iter().map(|&p| x.shape[p]).collect();
    let mut strides = vec![1usize; rank];
    for i in (0..rank.saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * x.shape[i + 1];
    }
    let mut out = Vec::with_capacity(x.data.len());
    let mut index = vec![0usize; rank];
    for _ in 0..x.data.len() {
        out.push(x.data[index.iter().zip(&perm).map(|(&i, &p)| i * strides[p]).sum::<usize>()]);
        for d in (0..rank).rev() {
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Tensor::new(shape, out)
}

fn dims4(x: &Tensor) -> Result<(usize, usize, usize)> {
    match x.shape[..] {
        [1, c, h, w] => Ok((c, h, w)),
        _ => Err(bad(format!("expected one image in NCHW, got {:?}", x.shape))),
    }
}

fn max_pool(x: &Tensor) -> Result<Tensor> {
    let (c, h, w) = dims4(x)?;
    let (oh, ow) = (h / 2, w / 2);
    let mut out = Vec::with_capacity(c * oh * ow);
    for plane in x.data.chunks_exact(h * w) {
        for y in 0..oh {
            let (r0, r1) = (&plane[2 * y * w..], &plane[(2 * y + 1) * w..]);
            out.extend((0..ow).map(|x| r0[2 * x].max(r0[2 * x + 1]).max(r1[2 * x]).max(r1[2 * x + 1])));
        }
    }
    Tensor::new(vec![1, c, oh, ow], out)
}

/// A 2-D convolution (NCHW, weights O x C/group x kh x kw), with a quick
/// path for the 1x1 convolutions that do most of BlazeFace's work.
fn conv(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, [sy, sx]: [usize; 2], [pt, pl, pb, pr]: [usize; 4], group: usize) -> Result<Tensor> {
    let (c, h, wd) = dims4(x)?;
    let [o, cg, kh, kw] = w.shape[..] else { return Err(bad("Conv weights are not 4-D")) };
    if group == 0
        || c % group != 0
        || o % group != 0
        || cg != c / group
        || sy == 0
        || sx == 0
        || kh == 0
        || kw == 0
        || bias.is_some_and(|b| b.data.len() != o)
    {
        return Err(bad("Conv shapes do not agree"));
    }
    let too_far = || bad("Conv padding too large");
    let ph = h.checked_add(pt).and_then(|v| v.checked_add(pb)).ok_or_else(too_far)?;
    let pw = wd.checked_add(pl).and_then(|v| v.checked_add(pr)).ok_or_else(too_far)?;
    if ph < kh || pw < kw {
        return Err(bad("Conv kernel larger than its input"));
    }
    let (oh, ow) = ((ph - kh) / sy + 1, (pw - kw) / sx + 1);
    let plane = oh * ow;
    let mut out = vec![0f32; elements(&[o, oh, ow])?];
    for (oc, dst) in out.chunks_exact_mut(plane).enumerate() {
        dst.fill(bias.map_or(0.0, |b| b.data[oc]));
    }
    let og = o / group;
    if kh == 1 && kw == 1 && sy == 1 && sx == 1 && [pt, pl, pb, pr] == [0; 4] {
        for (oc, dst) in out.chunks_exact_mut(plane).enumerate() {
            let g = oc / og;
            for (ci, &k) in w.data[oc * cg..(oc + 1) * cg].iter().enumerate() {
                let src = &x.data[(g * cg + ci) * plane..(g * cg + ci + 1) * plane];
                dst.iter_mut().zip(src).for_each(|(d, s)| *d += k * s);
            }
        }
        return Tensor::new(vec![1, o, oh, ow], out);
    }
    // With a stride, each input row is split into its `sx` phases (columns
    // p, p + sx, p + 2sx…) so every inner loop below runs over contiguous
    // values, which the compiler turns into SIMD.
    let wq = wd.div_ceil(sx);
    let phased: Vec<f32> = if sx > 1 {
        let mut v = vec![0f32; elements(&[c * h, sx, wq])?];
        for (row, dst) in x.data.chunks_exact(wd).zip(v.chunks_exact_mut(sx * wq)) {
            for (i, &value) in row.iter().enumerate() {
                dst[(i % sx) * wq + i / sx] = value;
            }
        }
        v
    } else {
        Vec::new()
    };
    for (oc, dst) in out.chunks_exact_mut(plane).enumerate() {
        let g = oc / og;
        for ci in 0..cg {
            let src = &x.data[(g * cg + ci) * h * wd..(g * cg + ci + 1) * h * wd];
            for ky in 0..kh {
                for kx in 0..kw {
                    let k = w.data[((oc * cg + ci) * kh + ky) * kw + kx];
                    // Output columns whose input column lies inside the image.
                    let first = pl.saturating_sub(kx).div_ceil(sx);
                    let end = ((wd + pl).saturating_sub(kx)).div_ceil(sx).min(ow);
                    if first >= end {
                        continue;
                    }
                    for oy in 0..oh {
                        let Some(iy) = (oy * sy + ky).checked_sub(pt).filter(|&iy| iy < h) else { continue };
                        let row = &src[iy * wd..(iy + 1) * wd];
                        let d = &mut dst[oy * ow..(oy + 1) * ow];
                        if sx == 1 {
                            let ix0 = first + kx - pl;
                            d[first..end].iter_mut().zip(&row[ix0..ix0 + (end - first)]).for_each(|(d, s)| *d += k * s);
                        } else {
                            // Column ox * sx + kx - pl is phase p, index ox + q.
                            let off = kx as isize - pl as isize;
                            let (q, p) = (off.div_euclid(sx as isize), off.rem_euclid(sx as isize) as usize);
                            let base = ((g * cg + ci) * h + iy) * sx * wq + p * wq;
                            let j0 = (first as isize + q) as usize;
                            let from = &phased[base + j0..base + j0 + (end - first)];
                            d[first..end].iter_mut().zip(from).for_each(|(d, s)| *d += k * s);
                        }
                    }
                }
            }
        }
    }
    Tensor::new(vec![1, o, oh, ow], out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conv_pads_and_strides_like_onnx() {
        // One channel 3x3 of 1..9, a 2x2 kernel of ones, stride 2, padding
        // bottom and right by one: windows at (0,0) and (0,2) etc.
        let x = Tensor::new(vec![1, 1, 3, 3], (1..=9).map(|v| v as f32).collect()).unwrap();
        let w = Tensor::new(vec![1, 1, 2, 2], vec![1.0; 4]).unwrap();
        let y = conv(&x, &w, None, [2, 2], [0, 0, 1, 1], 1).unwrap();
        assert_eq!(y.shape, vec![1, 1, 2, 2]);
        assert_eq!(y.data, vec![1.0 + 2.0 + 4.0 + 5.0, 3.0 + 6.0, 7.0 + 8.0, 9.0]);
        // Padding on top and left shifts the windows.
        let y = conv(&x, &w, None, [1, 1], [1, 1, 0, 0], 1).unwrap();
        assert_eq!(y.data, vec![1.0, 3.0, 5.0, 5.0, 12.0, 16.0, 11.0, 24.0, 28.0]);
    }

    #[test]
    fn transpose_and_pool() {
        let x = Tensor::new(vec![1, 2, 2, 2], (0..8).map(|v| v as f32).collect()).unwrap();
        assert_eq!(transpose(&x, &[0, 2, 3, 1]).unwrap().data, vec![0.0, 4.0, 1.0, 5.0, 2.0, 6.0, 3.0, 7.0]);
        assert_eq!(max_pool(&x).unwrap().data, vec![3.0, 7.0]);
    }

    #[test]
    fn hostile_models_are_errors() {
        for bytes in [&b""[..], b"\x3a", b"\x3a\xff\xff\xff\xff\x0f", b"\x3a\x02\x0a\x00", b"garbage that is not protobuf at all \xff\xff"] {
            assert!(Graph::from_onnx(bytes).is_err());
        }
    }
}
