// Every word the canvas shows, in Vietnamese and English; views ask for strings by key.
#pragma once
#include <vector>

#include "playground_state.h"

namespace ui {

// The keys are grouped by view, several to a line.
// clang-format off
enum class Str {
  ViewFocus, ViewFlow, ViewCrowd, ViewHeatmap, ViewLinks, ViewHeads, ViewTrain,
  // flow view (Q-K-V step by step); titles and texts follow attn::FlowStage
  FlowTitleHidden, FlowTitleProjections, FlowTitleScores, FlowTitleScaled, FlowTitleMasked, FlowTitleSoftmax,
  FlowTitleContext, FlowTitleOutput,
  FlowTextHidden, FlowTextProjections, FlowTextScores, FlowTextScaled, FlowTextMasked, FlowTextSoftmax,
  FlowTextContext, FlowTextOutput,
  FlowBack, FlowNext, FlowPlay, FlowPause, FlowReducedMotion, FlowStepOf, FlowToken, FlowHeadDefaulted,
  FlowRowOf, FlowTapHint, FlowMasked, FlowPage, FlowCellTip, FlowCloseDetail,
  FlowDetailTitle, FlowDetailRest, FlowDetailSum, FlowDetailMaskedPair, FlowDetailSoftmax,
  MatInput, MatQ, MatK, MatV, MatScores, MatScaled, MatMasked, MatWeights, MatContext, MatOutput,
  LegendNegative, LegendPositive, LegendPerMatrix, FlowScaleTip,
  // crowd view; Feat* follow attn::CrowdFeature
  CrowdScene, CrowdLookingFor, CrowdHat, CrowdShirt, CrowdGlasses, CrowdAny, CrowdWith, CrowdWithout,
  ColourRed, ColourBlue, ColourYellow, ColourGreen, ColourWhite, ColourBlack,
  FeatHatRed, FeatHatBlue, FeatHatYellow, FeatShirtGreen, FeatShirtWhite, FeatShirtBlack, FeatGlasses,
  CrowdUnderEach, CrowdResultWinner, CrowdResultBlend, CrowdOthers, CrowdTemperatureNote,
  CrowdDetailKey, CrowdDetailScore, CrowdDetailValue,
  CrowdEveryone,
  // end of flow and crowd
  // train view
  TrainPlay, TrainPause, TrainStepOnce, TrainReset, TrainNewSeed, TrainResetHelp, TrainNewSeedHelp,
  TrainTask, TrainTaskCrowd, TrainTaskReverse, TrainTaskCrowdHelp, TrainTaskReverseHelp,
  TrainLayers, TrainHeads, TrainLearningRate, TrainLearningRateHelp, TrainSpeed, TrainSpeedHelp,
  TrainStatus, TrainLossTitle, TrainAccuracyTitle, TrainAccuracy, TrainAttention, TrainSteps,
  TrainExample, TrainAnotherExample, TrainHeadAuto, TrainHeadLabel, TrainHeatmapHelp,
  TrainPanelHeatmap, TrainPanelQK, TrainQKTitle, TrainQKHelp, TrainScore,
  TrainSentenceStart, TrainSentenceCrowd, TrainSentenceCrowdMiss, TrainSentenceReverse,
  TrainCatchingUp, TrainLrLogFull, TrainPerf, TrainMaxReached, TrainSettings,
  TrainProjectionTitle, TrainAlongQ, TrainAwayFromQ,
  Layer, Head, AllHeads, Bidirectional, Causal, Temperature, TemperatureHelp,
  UntrainedWeights, TrainedWeights, EmptyText, Truncated,
  NoticeIgnored, NoticeTooLong, NoticeFutureVersion, NoticeGarbage,
  HeatmapHelp, HeatmapAxisQuery, HeatmapAxisKey, HoverReadout, ZoomIn, ZoomOut, ZoomReset,
  FocusHelp, FocusChosen, FocusAttendsMost, HiddenToken, HideToken, ShowToken, AverageOfHeads,
  Legend, LegendLow, LegendHigh, Dismiss, ViewNotReady,
  // links, heads, focus heads in colours
  LinksHelp, LinksTopK, LinksTopKValue, LinksTopKAll, LinksMinWeight, LinksQueries, LinksKeys,
  LinksThickness, LinksStatus, LinksStatusOneHead, LinksLockedQuery, LinksLockedKey, LinksNoLines, HeadTapToMute,
  HeadsHelp, HeadsBlend, HeadsBlendShort, LayerShort, HeadsLayerTitle, Mute, Solo, Muted, HeadsStatus, ShareTooltip,
  HabitHowMeasured, HabitPrevious, HabitNext, HabitSelf, HabitFirst, HabitSameWord,
  HabitPunctuation, HabitOneWord, HabitEven, HabitMixed, HabitTooShort, HabitShortPrevious, HabitShortNext,
  HabitShortSelf, HabitShortFirst, HabitShortSameWord, HabitShortPunctuation, HabitShortOneWord, HabitShortEven,
  HabitShortMixed, HabitShortTooShort, FocusHeadsHelp, FocusHeadsStatus, ConversationExample,
  ConversationText, GpuError,
  GuessTitle, GuessButton, GuessNeedsModel, GuessColumnPiece, GuessColumnProb, GuessAttentionChange,
  GuessAttentionBefore, GuessAttentionAfter, ModelTrainedLabel,
  // honest attention: the method and unit switches, their explanations, the readouts
  MethodLabel, MethodRaw, MethodNorm, MethodRollout, MethodRawHelp, MethodNormHelp, MethodRolloutHelp,
  MethodCaveat, UnitWords, UnitWordsHelp, ContributionReadout, SinkNote, FocusGetsMost, FocusDrawsMost,
  HeatmapHelpNorm, HeatmapHelpRollout, LinksHelpNorm, LinksHelpRollout, LinksRolloutHeads, LinksLockedQueryNorm,
  LinksLockedQueryRollout, LinksStatusRollout,
  // which heads link two words (linking_line.cpp); LinkHabit* follow attn::HeadHabit
  LinkingSome, LinkingNone, LinkingShareRaw, LinkingShareNorm, LinkingInsteadOne, LinkingInsteadTwo,
  LinkHabitPrevious, LinkHabitNext, LinkHabitSelf, LinkHabitFirst, LinkHabitSameWord, LinkHabitPunctuation,
  LinkHabitOneWord, LinkHabitEven, LinkHabitMixed, LinkHabitTooShort, LinkingShowHead, LinkingClear, LinkingHint,
  HeadsAllHabitsTitle,
  // article figures
  FigureUnknownControl, PrecomputedWeights,
  // long text
  BeyondTrainedLength,
  // plain words: the flow's caption over the hidden state's numbers
  FlowHiddenRowOf,
  Count
};
// clang-format on

const char* tr(Str key, attn::Lang lang);
// The keys tr() handed out during ImGui frame `frame` (the views ask for every word they draw),
// so tests can check what a screen says, e.g. that no first screen says "d_model".
std::vector<Str> strings_used_in(int frame);
// The view's tab title, e.g. "Bản đồ nhiệt" / "Heatmap".
const char* view_title(attn::View v, attn::Lang lang);

}  // namespace ui
